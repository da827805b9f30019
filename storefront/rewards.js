/* Loyalty rewards storefront script. Balance, tier and progress are already in the Liquid; this loads catalog, codes
   and history from the app proxy once a panel is in view (one request for all panels), words them from the locale
   texts (data-t-*, numbers and money by Intl for the page's locale), redeems, copies, runs the launcher, and loads
   rewards.css after the page has rendered. */
(() => {
  if (window.loyaltyRewards) return;
  window.loyaltyRewards = 1;
  const doc = document;
  const css = doc.currentScript?.src.replace(/\.js(\?|$)/, '.css$1');
  const $ = (el, sel) => el.querySelector(sel);
  const members = () => doc.querySelectorAll('[data-lr-member]');
  // A translated text from data-t-<key>, %0, %1 replaced by the values.
  const t = (root, key, ...values) =>
    (root.dataset['t' + key[0]?.toUpperCase() + key.slice(1)] || '').replace(/%(\d)/g, (_, i) => values[i]);
  const lang = (root) => root.dataset.lrLocale || undefined;
  const num = (root, n) => new Intl.NumberFormat(lang(root)).format(n);
  // Integer minor units of `currency` (one unit when absent), with the currency's own exponent; "$20", "$19.99".
  const money = (root, minor, currency) => {
    const scale = 10 ** new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
    minor ??= scale;
    return new Intl.NumberFormat(lang(root), { style: 'currency', currency, minimumFractionDigits: minor % scale ? undefined : 0 }).format(minor / scale);
  };
  // The -one / -other text for n in the page's language.
  const plural = (root, key, n, ...rest) =>
    t(root, key + (new Intl.PluralRules(lang(root)).select(n) === 'one' ? 'One' : 'Other'), num(root, n), ...rest);
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
  // The app's error code in the shopper's words (the app's own sentence is English).
  const failure = (root, r) => t(root, (r.body?.code || 'error').toLowerCase()) || t(root, 'Error');

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
      return new Date(iso).toLocaleDateString(lang(root), { dateStyle: 'medium' });
    } catch {
      return iso.slice(0, 10);
    }
  };

  const describe = (root, r, currency) => {
    const what =
      r.kind === 'fixed_amount'
        ? t(root, r.kind, money(root, r.amountMinor, currency))
        : r.kind === 'percentage'
          ? t(root, r.kind, new Intl.NumberFormat(lang(root), { style: 'percent', maximumFractionDigits: 2 }).format(r.percentBasisPoints / 10000))
          : t(root, r.kind, r.productTitle);
    return r.minimumOrderMinor ? t(root, 'Minimum', what, money(root, r.minimumOrderMinor, currency)) : what;
  };

  const showMember = (root, m) => {
    $(root, '[data-lr-balance]').textContent = num(root, m.balance);
    $(root, '[data-lr-tier]').textContent = m.tier || t(root, 'NoTier');
    $(root, '[data-lr-pending]').textContent = num(root, m.pending);
    $(root, '[data-lr-pending-row]').hidden = !(m.pending > 0);
    const box = $(root, '[data-lr-progress]');
    const p = m.progress;
    if (!box || !p) return;
    const percent = Math.max(0, Math.min(100, Math.floor(p.progressPermille / 10)));
    box.hidden = false;
    $(box, '[data-lr-bar]').style.width = percent + '%';
    $(box, '[data-lr-track]').setAttribute('aria-valuenow', percent);
    $(box, '[data-lr-message]').textContent = !p.nextTier
      ? t(root, 'Top')
      : p.basis === 'spend'
        ? t(root, 'Spend', money(root, p.remaining, p.currency), p.nextTier)
        : plural(root, 'Progress', p.remaining, p.nextTier);
  };

  // Re-renders every logged-in panel from `state`, keeping focus on the equivalent button.
  const render = () => {
    const active = doc.activeElement;
    const kind = ['copy', 'redeem'].find((k) => active?.hasAttribute?.('data-lr-' + k));
    const activeRoot = kind && active.closest('[data-lr]');
    const { program } = state;
    for (const root of members()) {
      if (state.member) showMember(root, state.member);
      if (program) {
        const rate = $(root, '[data-lr-rate]');
        const points = program.earnRateMilli / 1000;
        if (rate) {
          rate.textContent = plural(root, 'Rate', points, money(root, undefined, program.currency));
          rate.hidden = !points;
        }
        $(root, '[data-lr-paused]').hidden = program.status === 'live';
      }
      // Points sliders are loyalty-give.js's (snippets/loyalty-give.liquid).
      fillList(root, 'reward', state.rewards?.filter((r) => r.kind !== 'points_slider'), (li, r) => {
        const button = $(li, '[data-lr-redeem]');
        button.value = r.id;
        button.disabled = !r.affordable;
        return {
          name: r.name,
          description: describe(root, r, program?.currency),
          cost: t(root, 'Points', num(root, r.pointsCost)),
          action: r.missing > 0 ? plural(root, 'Missing', r.missing) : $(root, '[data-lr-reward-tpl]').content.querySelector('button').textContent,
        };
      });
      fillList(root, 'code', state.codes, (li, c) => {
        const button = $(li, '[data-lr-copy]');
        button.value = c.code;
        button.hidden = c.status !== 'unused';
        li.classList.add('lr-item--' + c.status);
        return {
          code: c.code,
          rewardName: c.rewardName,
          status: t(root, c.status),
          expires: c.expiresAt ? t(root, 'Expires', date(root, c.expiresAt)) : t(root, 'NoExpiry'),
        };
      });
      fillList(root, 'entry', state.activity, (li, e) => ({
        type: $(root, '[data-lr-types]').content.querySelector(`[data-type="${e.type}"]`)?.textContent || e.type,
        explanation: e.explanation,
        date: date(root, e.createdAt),
        points: (e.points > 0 ? '+' : '') + num(root, e.points),
      }));
      for (const el of root.querySelectorAll('[data-lr-loading],[data-lr-codes-box],[data-lr-history-box]')) el.hidden = el.hasAttribute('data-lr-loading');
    }
    doc.dispatchEvent(new CustomEvent('loyalty:account', { detail: state }));
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
          const text = failure(root, r);
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
        say(root, failure(root, r), 1);
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

  const close = (launcher) => {
    launcher.open = false;
    $(launcher, 'summary').focus();
  };

  doc.addEventListener('click', (event) => {
    const target = event.target;
    const button = target.closest?.('[data-lr-redeem],[data-lr-copy]');
    const root = button?.closest('[data-lr]');
    if (root) (button.hasAttribute('data-lr-copy') ? copy : redeem)(root, button);
    for (const launcher of doc.querySelectorAll('[data-lr-launcher][open]')) {
      if (!launcher.contains(target)) launcher.open = false;
      else if (target.closest('[data-lr-close]')) close(launcher);
    }
  });

  // The catalog request and rewards.css wait for the page's own load: the panel is already readable from Liquid,
  // and neither competes with the theme's resources for the first paint and the largest one.
  const afterLoad = (fn) => (doc.readyState === 'complete' ? fn() : window.addEventListener('load', fn, { once: true }));

  const init = () => afterLoad(start);
  const start = () => {
    if (css && !$(doc, `link[href="${css}"]`)) doc.head.append(Object.assign(doc.createElement('link'), { rel: 'stylesheet', href: css }));
    const observer =
      window.IntersectionObserver &&
      new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && load(), { rootMargin: '200px' });
    for (const root of doc.querySelectorAll('[data-lr-member]:not([data-lr-ready])')) {
      root.setAttribute('data-lr-ready', '');
      if (!$(root, '[data-lr-catalog],[data-lr-codes-box],[data-lr-history-box]')) continue; // nothing to fetch: Liquid shows it all
      const catalog = $(root, '[data-lr-catalog]');
      if (catalog) catalog.hidden = false; // "Loading rewards…" until the answer; codes show with it
      if (state) render();
      if (observer) observer.observe(root);
      else load();
    }
    for (const launcher of doc.querySelectorAll('[data-lr-launcher]:not([data-lr-ready])')) {
      launcher.setAttribute('data-lr-ready', '');
      const panel = $(launcher, '[data-lr-panel]');
      launcher.addEventListener('toggle', () => {
        if (!launcher.open) return;
        // The panel exists once, and only from the first opening on.
        const template = $(panel, '[data-lr-panel-tpl]');
        if (template) {
          template.replaceWith(template.content);
          start();
        }
        panel.focus();
      });
      launcher.addEventListener('keydown', (event) => event.key === 'Escape' && launcher.open && close(launcher));
    }
  };

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', init);
  else init();
  // A points slider's code or a donation (loyalty-give.js) changed the balance: read the account again.
  doc.addEventListener('loyalty:refresh', () => {
    loading = null;
    load();
  });
  // Theme editor: a re-rendered section brings new panels.
  doc.addEventListener('shopify:section:load', init);
})();
