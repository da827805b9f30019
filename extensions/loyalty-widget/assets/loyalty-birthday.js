/* The birthday form (snippets/loyalty-birthday.liquid): posts it to the app proxy and shows the answer. The social
   follow links: GET <proxy>/birthday says which networks the shop offers (with their page) and which follows are
   earned or on their way; a click opens the page in a new tab (the link's own behaviour) and POSTs <proxy>/follow. */
(() => {
  if (window.loyaltyBirthday) return;
  window.loyaltyBirthday = 1;
  // Month names in the shopper's language (Liquid writes numbers: the theme's locale files have no month names).
  const monthName = (box, month, day) => {
    try {
      const options = day ? { month: "long", day: "numeric", timeZone: "UTC" } : { month: "long", timeZone: "UTC" };
      return new Intl.DateTimeFormat(box.dataset.lrLocale || undefined, options).format(Date.UTC(2000, month - 1, day || 1));
    } catch {
      return null;
    }
  };
  const localize = () => {
    for (const box of document.querySelectorAll("[data-lr-birthday]")) {
      for (const option of box.querySelectorAll("[data-lr-month]")) option.textContent = monthName(box, Number(option.value)) || option.value;
      const shown = box.querySelector("[data-lr-birthday-date]");
      if (shown) {
        const [month, day] = shown.dataset.lrBirthdayDate.split("-").map(Number);
        shown.textContent = monthName(box, month, day) || shown.textContent;
      }
    }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", localize);
  else localize();

  const NAMES = { instagram: "Instagram", facebook: "Facebook", tiktok: "TikTok", x: "X", youtube: "YouTube", pinterest: "Pinterest" };
  const word = (box, key, value) => (box.dataset["t" + key] || "").replace("%0", value);
  const call = (box, path, body) =>
    fetch(box.dataset.lrProxy + path, {
      method: body ? "POST" : "GET",
      credentials: "same-origin",
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      body: body && JSON.stringify(body),
    }).then((response) => response.json().catch(() => ({})).then((answer) => ({ ok: response.ok, answer })));
  const mark = (item, box, state) => {
    item.dataset.lrFollowState = state;
    item.querySelector("[data-f=state]").textContent = word(box, "Follow" + state[0].toUpperCase() + state.slice(1));
  };
  const follows = (box, social) => {
    const list = box.querySelector("[data-lr-follow]");
    list.textContent = "";
    for (const network in social.networks) {
      const item = document.createElement("li");
      item.className = "lr-item";
      item.dataset.network = network;
      const link = Object.assign(document.createElement("a"), { href: social.networks[network], target: "_blank", rel: "noopener noreferrer", className: "lr-item__main" });
      link.dataset.lrFollowLink = network;
      link.textContent = word(box, "Follow", NAMES[network] || network);
      const state = Object.assign(document.createElement("span"), { className: "lr-muted" });
      state.dataset.f = "state";
      state.textContent = word(box, "FollowPoints", new Intl.NumberFormat(box.dataset.lrLocale || undefined).format(social.points));
      item.append(link, state);
      list.append(item);
      if (social.credited.includes(network)) mark(item, box, "earned");
      else if (social.pending.includes(network)) mark(item, box, "pending");
    }
    box.querySelector("[data-lr-follow-box]").hidden = !list.firstChild;
  };
  const load = () => {
    for (const box of document.querySelectorAll("[data-lr-birthday]:not([data-lr-birthday-ready])")) {
      box.setAttribute("data-lr-birthday-ready", "");
      if (!box.closest("[data-lr-member]") || !box.querySelector("[data-lr-follow]")) continue;
      call(box, "/birthday").then(({ ok, answer }) => ok && answer.social && follows(box, answer.social), () => {});
    }
  };
  load();
  new MutationObserver(load).observe(document.body || document.documentElement, { childList: true, subtree: true });
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("[data-lr-follow-link]");
    const box = link && link.closest("[data-lr-birthday]");
    if (!box) return;
    const item = link.closest("li");
    if (item.dataset.lrFollowState) return;
    const status = box.querySelector("[data-lr-follow-status]");
    call(box, "/follow", { network: link.dataset.lrFollowLink })
      .then(({ ok, answer }) => {
        const code = answer && answer.fieldErrors && answer.fieldErrors.network;
        if (ok || code === "ALREADY_PENDING") mark(item, box, "pending");
        else if (code === "ALREADY_EARNED") mark(item, box, "earned");
        status.textContent = ok || code === "ALREADY_PENDING" || code === "ALREADY_EARNED" ? "" : code === "CAP_REACHED" ? box.dataset.tFollowCap : (answer && answer.error) || box.dataset.tError;
        status.classList.toggle("lr-status--error", !!status.textContent);
      })
      .catch(() => {
        status.textContent = box.dataset.tError;
        status.classList.add("lr-status--error");
      });
  });
  document.addEventListener("submit", (event) => {
    const form = event.target.closest && event.target.closest("[data-lr-birthday-form]");
    if (!form) return;
    event.preventDefault();
    const box = form.closest("[data-lr-birthday]");
    const status = form.querySelector("[data-lr-birthday-status]");
    const data = new FormData(form);
    const body = { month: data.get("month"), day: data.get("day"), year: data.get("year") || null };
    const button = form.querySelector("button");
    button.disabled = true;
    fetch(box.dataset.lrProxy + "/birthday", {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      body: JSON.stringify(body),
    })
      .then((response) => response.json().catch(() => ({})).then((answer) => ({ ok: response.ok, answer })))
      .then(({ ok, answer }) => {
        button.disabled = false;
        const fields = (answer && answer.fieldErrors) || {};
        const first = Object.keys(fields)[0];
        for (const input of form.querySelectorAll("[name]")) input.setAttribute("aria-invalid", String(input.name === first));
        status.textContent = ok ? box.dataset.tSaved : (first && fields[first]) || (answer && answer.error) || box.dataset.tError;
        status.classList.toggle("lr-status--error", !ok);
        if (ok) form.querySelectorAll("input,select,button").forEach((input) => (input.disabled = true));
      })
      .catch(() => {
        button.disabled = false;
        status.textContent = box.dataset.tError;
        status.classList.add("lr-status--error");
      });
  });
})();
