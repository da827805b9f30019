/* Badges and challenges in the rewards panel (snippets/loyalty-engagement.liquid; docs/decisions/036). Loaded after
   the page; fills each [data-lr-engagement] section from GET <proxy>/engagement, and joins a challenge with
   POST <proxy>/join-challenge. Words come from the section's data-t-* templates (%0, %1: values). */
(() => {
  if (window.loyaltyEngagement) return;
  window.loyaltyEngagement = 1;
  const doc = document;
  const q = (el, selector) => el.querySelector(selector);
  const word = (root, key, ...values) => (root.dataset["t" + key[0].toUpperCase() + key.slice(1)] || "").replace(/%(\d)/g, (_, i) => values[i]);
  const panel = (root) => root.closest("[data-lr]");
  const locale = (root) => panel(root)?.dataset.lrLocale || undefined;
  const number = (root, n) => new Intl.NumberFormat(locale(root)).format(n);
  const money = (root, minor, currency) => {
    const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits;
    return new Intl.NumberFormat(locale(root), { style: "currency", currency }).format(minor / 10 ** digits);
  };
  const day = (root, text) => {
    try {
      return new Date(text.length === 10 ? text + "T12:00:00Z" : text).toLocaleDateString(locale(root), { dateStyle: "medium", timeZone: text.length === 10 ? "UTC" : undefined });
    } catch {
      return text.slice(0, 10);
    }
  };
  const call = (root, path, body) =>
    fetch(panel(root).dataset.lrProxy + path, {
      method: body ? "POST" : "GET",
      credentials: "same-origin",
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      body: body && JSON.stringify(body),
    }).then((response) => response.json().catch(() => ({})).then((json) => ({ ok: response.ok, body: json })));
  const status = (root, text, error) => {
    const line = q(root, "[data-lr-engagement-status]");
    line.textContent = text;
    line.classList.toggle("lr-status--error", !!error);
  };
  const fill = (item, fields) => {
    for (const name in fields) q(item, `[data-f="${name}"]`).textContent = fields[name];
  };

  const render = (root, data) => {
    const badges = q(root, "[data-lr-badges]");
    badges.textContent = "";
    for (const badge of data.badges || []) {
      const item = q(root, "[data-lr-badge-tpl]").content.firstElementChild.cloneNode(true);
      q(item, "use").setAttribute("href", "#lr-icon-" + badge.icon);
      item.dataset.badge = badge.badgeId;
      fill(item, { name: badge.name, date: word(root, "earned", day(root, badge.earnedAt)) });
      badges.append(item);
    }
    const challenges = q(root, "[data-lr-challenges]");
    challenges.textContent = "";
    for (const challenge of data.challenges || []) {
      const item = q(root, "[data-lr-challenge-tpl]").content.firstElementChild.cloneNode(true);
      const amount = (n) => (challenge.kind === "spend" ? money(root, n, data.currency) : number(root, n));
      const progress = challenge.completed
        ? word(root, "completed")
        : challenge.joined
          ? word(root, "progress", amount(Math.min(challenge.progress, challenge.goal)), amount(challenge.goal)) + (challenge.status === "ended" ? " · " + word(root, "ended") : "")
          : "";
      item.dataset.challenge = challenge.id;
      fill(item, {
        name: challenge.name,
        dates: word(root, "dates", day(root, challenge.startsOn), day(root, challenge.endsOn)),
        progress,
        reward: word(root, "reward", number(root, challenge.rewardPoints)),
      });
      const button = q(item, "[data-lr-join]");
      button.value = challenge.id;
      button.hidden = challenge.joined || challenge.status === "ended";
      challenges.append(item);
    }
    q(root, "[data-lr-badges-box]").hidden = !badges.firstChild;
    q(root, "[data-lr-challenges-box]").hidden = !challenges.firstChild;
    root.hidden = !badges.firstChild && !challenges.firstChild;
  };

  const load = (root) =>
    call(root, "/engagement").then((answer) => {
      if (answer.ok) render(root, answer.body);
    });

  const join = (root, button) => {
    button.disabled = true;
    call(root, "/join-challenge", { challengeId: button.value })
      .then((answer) => {
        if (!answer.ok) throw answer;
        render(root, answer.body);
        status(root, word(root, "joined"));
      })
      .catch((answer) => {
        button.disabled = false;
        const reason = answer && answer.body && answer.body.fieldErrors && answer.body.fieldErrors.challengeId;
        status(root, word(root, reason === "not_found" || reason === "tier" || reason === "paused" ? reason : "error") || word(root, "error"), true);
      });
  };

  doc.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("[data-lr-join]");
    const root = button && button.closest("[data-lr-engagement]");
    if (root) join(root, button);
  });

  const start = () => {
    for (const root of doc.querySelectorAll("[data-lr-engagement]:not([data-lr-engagement-ready])")) {
      root.setAttribute("data-lr-engagement-ready", "");
      if (panel(root)?.hasAttribute("data-lr-member")) load(root);
    }
  };
  start();
  // The launcher stamps its panel out of a <template> when it first opens.
  new MutationObserver(start).observe(doc.body, { childList: true, subtree: true });
  doc.addEventListener("shopify:section:load", start);
})();
