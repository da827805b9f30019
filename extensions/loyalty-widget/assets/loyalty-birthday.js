/* The birthday form (snippets/loyalty-birthday.liquid): posts it to the app proxy and shows the answer. */
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
