/*
 * Referrals (snippets/loyalty-referrals.liquid, docs/decisions/033-referrals.md):
 * - ?ref=<code> in the address: claims the friend's code from the app proxy with this browser's click key (one key
 *   per browser, so a reload answers the same code), remembers it in localStorage, and sets the referrer's code as
 *   the cart attribute `_loyalty_referral` so an order placed without the code still counts.
 * - Shows the remembered friend code, and a signed-in member's own link and code with Copy and Share.
 * Presentation only: the app decides who gets a code.
 */
(() => {
  if (window.loyaltyReferrals) return;
  window.loyaltyReferrals = 1;
  const d = document;
  const CLICK = "loyalty:referral-click";
  const CLAIM = "loyalty:referral";
  const REF = /^[A-Za-z0-9-]{4,40}$/;
  const store = {
    get(key) {
      try {
        return localStorage.getItem(key);
      } catch {
        return null;
      }
    },
    set(key, value) {
      try {
        localStorage.setItem(key, value);
      } catch {
        /* private mode: the code still shows on this page */
      }
    },
  };
  const t = (box, name, ...values) => (box.dataset["t" + name.replace(/(^|-)(\w)/g, (_, __, c) => c.toUpperCase())] || "").replace(/%(\d)/g, (_, i) => values[i]);
  const locale = (box) => box.dataset.lrLocale || undefined;
  const anchor = () => d.querySelector("[data-lref],[data-lref-claim]");
  const money = (box, minor, currency) => {
    const exponent = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits;
    const unit = 10 ** exponent;
    return new Intl.NumberFormat(locale(box), { style: "currency", currency, minimumFractionDigits: minor % unit ? undefined : 0 }).format(minor / unit);
  };
  const call = (proxy, body) =>
    fetch(proxy + "/referral", {
      method: body ? "POST" : "GET",
      credentials: "same-origin",
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      body: body && JSON.stringify(body),
    }).then((response) => response.json().catch(() => ({})).then((answer) => ({ ok: response.ok, answer })));

  const clickKey = () => {
    let key = store.get(CLICK);
    if (!key || !/^[A-Za-z0-9_-]{16,64}$/.test(key)) {
      const bytes = crypto.getRandomValues(new Uint8Array(16));
      key = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      store.set(CLICK, key);
    }
    return key;
  };
  const remembered = () => {
    try {
      const claim = JSON.parse(store.get(CLAIM) || "null");
      return claim && claim.code && (!claim.expiresAt || Date.parse(claim.expiresAt) > Date.now()) ? claim : null;
    } catch {
      return null;
    }
  };
  const setCartAttribute = (root, ref) =>
    fetch(root + "cart/update.js", {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      body: JSON.stringify({ attributes: { _loyalty_referral: ref } }),
    }).catch(() => null);

  let own = false;
  /** The visit's claim: null when there is no ?ref=, else the app's answer (once per page). */
  let claiming = null;
  const claim = () => {
    if (claiming) return claiming;
    const ref = new URLSearchParams(location.search).get("ref");
    const at = anchor();
    if (!ref || !REF.test(ref) || !at) return (claiming = Promise.resolve(null));
    const kept = remembered();
    if (kept && kept.ref === ref.toUpperCase()) return (claiming = Promise.resolve(kept));
    claiming = call(at.dataset.lrProxy, { ref, clickKey: clickKey() })
      .then(({ ok, answer }) => {
        if (!ok || !answer) return null;
        if (answer.status === "own_code") own = true;
        if (answer.status !== "issued") return null;
        const saved = { ...answer, ref: ref.toUpperCase() };
        store.set(CLAIM, JSON.stringify(saved));
        return setCartAttribute(at.dataset.lrefRoot || "/", saved.ref).then(() => saved);
      })
      .catch(() => null);
    return claiming;
  };

  const showFriend = (box, friend) => {
    const section = box.querySelector("[data-lref-friend]");
    if (!section || !friend) return;
    const offer =
      friend.kind === "percentage"
        ? t(box, "friend-percentage", new Intl.NumberFormat(locale(box), { style: "percent", maximumFractionDigits: 2 }).format(friend.value / 10000))
        : t(box, "friend-fixed_amount", money(box, friend.value, friend.currency || "USD"));
    section.querySelector("[data-lref-friend-code]").textContent = t(box, "friend-code", friend.code);
    section.querySelector("[data-lref-friend-offer]").textContent = friend.minimumOrderMinor
      ? t(box, "friend-minimum", offer, money(box, friend.minimumOrderMinor, friend.currency || "USD"))
      : offer;
    const date = new Date(friend.expiresAt).toLocaleDateString(locale(box), { dateStyle: "medium" });
    section.querySelector("[data-lref-friend-expires]").textContent = t(box, "friend-expires", date);
    section.hidden = false;
  };

  let mine = null;
  const showMine = (box) => {
    if (!box.hasAttribute("data-lref-member")) return;
    mine = mine || call(box.dataset.lrProxy).catch(() => ({ ok: false }));
    mine.then(({ ok, answer }) => {
      const section = box.querySelector("[data-lref-mine]");
      const referral = ok && answer && answer.referral;
      if (!referral || !section) return;
      const number = (n) => new Intl.NumberFormat(locale(box)).format(n);
      section.querySelector("[data-lref-intro]").textContent = referral.referrerPoints ? t(box, "intro-points", number(referral.referrerPoints)) : t(box, "intro");
      section.querySelector("[data-lref-link]").value = referral.link;
      section.querySelector("[data-lref-code]").textContent = referral.code;
      const copy = section.querySelector("[data-lref-copy]");
      copy.value = referral.link;
      const share = section.querySelector("[data-lref-share]");
      share.value = referral.link;
      share.hidden = typeof navigator.share !== "function";
      const referred = section.querySelector("[data-lref-referred]");
      referred.textContent = t(box, "referred", number(referral.referred), number(referral.pendingPoints));
      referred.hidden = !(referral.referred > 0 || referral.pendingPoints > 0);
      section.hidden = false;
    });
  };

  const render = () => {
    const boxes = d.querySelectorAll("[data-lref]:not([data-lref-ready])");
    if (!boxes.length && !anchor()) return;
    claim().then((claimed) => {
      const friend = claimed || remembered();
      for (const box of boxes) {
        box.setAttribute("data-lref-ready", "");
        showFriend(box, friend);
        const ownNote = box.querySelector("[data-lref-own]");
        if (ownNote) ownNote.hidden = !own;
        showMine(box);
      }
    });
  };

  const status = (box, text, error) => {
    const line = box.querySelector("[data-lref-status]");
    line.textContent = text;
    line.classList.toggle("lr-status--error", !!error);
  };
  d.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("[data-lref-copy],[data-lref-share]");
    const box = button && button.closest("[data-lref]");
    if (!box) return;
    const link = button.value;
    if (button.hasAttribute("data-lref-share")) {
      navigator.share({ title: d.title, text: t(box, "share-text"), url: link }).catch(() => null);
      return;
    }
    const fallback = () => {
      const input = box.querySelector("[data-lref-link]");
      input.focus();
      input.select();
      status(box, t(box, "copy-failed"), true);
    };
    if (!navigator.clipboard) return fallback();
    navigator.clipboard.writeText(link).then(() => status(box, t(box, "copied")), fallback);
  });
  // The launcher stamps its panel out when first opened (rewards.js): fill the new box then.
  d.addEventListener("toggle", () => setTimeout(render, 0), true);
  d.addEventListener("shopify:section:load", render);
  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", render);
  else render();
})();
