/* Loyalty rewards storefront script. Balance, tier and progress are already in the Liquid; this loads catalog and
   codes from the app proxy once a panel is in view (one request for all panels), redeems, copies, runs the launcher. */
(() => {
  if (window.loyaltyRewards) return;
  window.loyaltyRewards = 1;
  const doc = document;
  const $ = (el, sel) => el.querySelector(sel);
  const members = () => doc.querySelectorAll('[data-lr-member]');
  // A translated text from data-t-<key>, with %s / %n replaced by `value`.
  const t = (root, key, value) => (root.dataset['t' + key] || '').replace(/%[sn]/, value);
  let state = null;
  let loading = null;

  const api = (path, body) =>
    fetch($(doc, '[data-lr-member]').dataset.lrProxy + path, {
      method: body ? 'POST' : 'GET',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body && JSON.stringify(body),
    }).then((res) => res.json().catch(() => ({})).then((json) => ({ ok: res.ok, status: res.status, body: json })));

  const say = (root, text, error) => {
    const el = $(root, '[data-lr-status]');
    el.textContent = text;
    el.classList.toggle('lr-status--error', !!error);
  };

  const fillList = (root, name, items, fill) => {
    const list = $(root, `[data-lr-${name}s]`);
    if (!list) return;
    list.textContent = '';
    for (const item of items || []) {
      const li = $(root, `[data-lr-${name}-tpl]`).content.firstElementChild.cloneNode(true);
      const fields = fill(li, item);
      for (const key in fields) $(li, `[data-f="${key}"]`).textContent = fields[key];
      list.append(li);
    }
    $(root, `[data-lr-${name}s-empty]`).hidden = !!list.firstChild;
  };

  const date = (root, iso) => {
    try {
      return new Date(iso).toLocaleDateString(root.dataset.lrLocale || undefined, { dateStyle: 'medium' });
    } catch {
      return iso.slice(0, 10);
    }
  };

  const showMember = (root, m) => {
    $(root, '[data-lr-balance]').textContent = m.balance;
    $(root, '[data-lr-tier]').textContent = m.tier || t(root, 'NoTier');
    $(root, '[data-lr-pending]').textContent = m.pending;
    $(root, '[data-lr-pending-row]').hidden = !(m.pending > 0);
    const box = $(root, '[data-lr-progress]');
    if (!box || !m.progress) return;
    const percent = Math.max(0, Math.min(100, Math.floor(m.progress.progressPermille / 10)));
    box.hidden = false;
    $(box, '[data-lr-bar]').style.width = percent + '%';
    $(box, '[data-lr-track]').setAttribute('aria-valuenow', percent);
    $(box, '[data-lr-message]').textContent = m.progress.message;
  };

  // Re-renders every logged-in panel from `state`, keeping focus on the equivalent button.
  const render = () => {
    const active = doc.activeElement;
    const kind = ['copy', 'redeem'].find((k) => active?.hasAttribute?.('data-lr-' + k));
    const activeRoot = kind && active.closest('[data-lr]');
    for (const root of members()) {
      if (state.member) showMember(root, state.member);
      fillList(root, 'reward', state.rewards, (li, r) => {
        const button = $(li, '[data-lr-redeem]');
        button.value = r.id;
        button.disabled = !r.affordable;
        return { name: r.name, description: r.description, cost: t(root, 'Points', r.pointsCost) };
      });
      fillList(root, 'code', state.codes, (li, c) => {
        const button = $(li, '[data-lr-copy]');
        button.value = c.code;
        button.hidden = c.status !== 'unused';
        li.classList.add('lr-item--' + c.status);
        return {
          code: c.code,
          rewardName: c.rewardName,
          status: t(root, c.status[0].toUpperCase() + c.status.slice(1)),
          expires: c.expiresAt ? t(root, 'Expires', date(root, c.expiresAt)) : t(root, 'NoExpiry'),
        };
      });
      for (const el of root.querySelectorAll('[data-lr-loading],[data-lr-codes-box]')) el.hidden = el.hasAttribute('data-lr-loading');
    }
    if (activeRoot && !activeRoot.contains(active)) {
      $(activeRoot, `[data-lr-${kind}][value="${CSS.escape(active.value)}"]`)?.focus();
    }
  };

  const load = () =>
    (loading ||= api('/account')
      .then((r) => {
        if (!r.ok) throw r;
        state = r.body;
        render();
      })
      .catch((r) => {
        loading = null;
        for (const root of members()) {
          const spinner = $(root, '[data-lr-loading]');
          const text = r.body?.error || t(root, 'Error');
          if (spinner) spinner.textContent = text;
          say(root, text, 1);
        }
      }));

  const send = (body, retries) =>
    api('/redeem', body).then(
      (r) => (r.status >= 500 && retries ? new Promise((ok) => setTimeout(ok, 800)).then(() => send(body, 0)) : r),
      (error) => {
        if (retries) return send(body, 0);
        throw error;
      },
    );

  const redeem = (root, button) => {
    // One key per click; the retry reuses it, so the app redeems at most once.
    const body = { rewardId: button.value, idempotencyKey: crypto.randomUUID() };
    button.disabled = true;
    root.setAttribute('aria-busy', 'true');
    say(root, t(root, 'Redeeming'));
    send(body, 1)
      .then((r) => {
        if (!r.ok) throw r;
        const code = r.body.redemption;
        state.member = r.body.member;
        state.codes = [code, ...(state.codes || [])];
        render();
        say(root, t(root, 'Redeemed', code.code));
        $(root, `[data-lr-copy][value="${CSS.escape(code.code)}"]`)?.focus();
        loading = null;
        return load();
      })
      .catch((r) => {
        button.disabled = false;
        say(root, r.body?.error || t(root, 'Error'), 1);
      })
      .finally(() => root.removeAttribute('aria-busy'));
  };

  const copy = (root, button) => {
    const failed = () => {
      getSelection().selectAllChildren($(button.closest('li'), 'code'));
      say(root, t(root, 'CopyFailed'), 1);
    };
    if (!navigator.clipboard) return failed();
    navigator.clipboard.writeText(button.value).then(() => say(root, t(root, 'Copied')), failed);
  };

  doc.addEventListener('click', (event) => {
    const target = event.target;
    const button = target.closest?.('[data-lr-redeem],[data-lr-copy]');
    const root = button?.closest('[data-lr]');
    if (root) (button.hasAttribute('data-lr-copy') ? copy : redeem)(root, button);
    for (const launcher of doc.querySelectorAll('[data-lr-launcher][open]')) {
      if (!launcher.contains(target)) launcher.open = false;
    }
  });

  const init = () => {
    const observer =
      window.IntersectionObserver &&
      new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && load(), { rootMargin: '200px' });
    for (const root of doc.querySelectorAll('[data-lr-member]:not([data-lr-ready])')) {
      root.setAttribute('data-lr-ready', '');
      if (!$(root, '[data-lr-catalog],[data-lr-codes-box]')) continue; // nothing to fetch: Liquid shows it all
      const catalog = $(root, '[data-lr-catalog]');
      if (catalog) catalog.hidden = false; // "Loading rewards…" until the answer; codes show with it
      if (state) render();
      if (observer) observer.observe(root);
      else load();
    }
    for (const launcher of doc.querySelectorAll('[data-lr-launcher]:not([data-lr-ready])')) {
      launcher.setAttribute('data-lr-ready', '');
      launcher.addEventListener('toggle', () => launcher.open && $(launcher, '[data-lr-panel]').focus());
      launcher.addEventListener('keydown', (event) => {
        if (event.key !== 'Escape' || !launcher.open) return;
        launcher.open = false;
        $(launcher, 'summary').focus();
      });
    }
  };

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', init);
  else init();
  // Theme editor: a re-rendered section brings new panels.
  doc.addEventListener('shopify:section:load', init);
})();
