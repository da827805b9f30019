/* Points slider rewards and donations (snippets/loyalty-give.liquid). The sliders come from the account answer
   rewards.js loaded ("loyalty:account"); causes are fetched from the app proxy when "Donate your points" is opened.
   After a redemption or a donation it asks rewards.js to reload the panel ("loyalty:refresh"). Every amount is
   checked by the app; this only words and sends. */
(() => {
  if (window.loyaltyGive) return;
  window.loyaltyGive = 1;
  const doc = document;
  const $ = (el, sel) => el.querySelector(sel);
  const t = (root, key, ...v) => (root.dataset['t' + key[0].toUpperCase() + key.slice(1)] || '').replace(/%(\d)/g, (_, i) => v[i]);
  const lang = () => $(doc, '[data-lr]')?.dataset.lrLocale || undefined;
  const num = (n) => new Intl.NumberFormat(lang()).format(n);
  const money = (minor, currency) => {
    const scale = 10 ** new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
    return new Intl.NumberFormat(lang(), { style: 'currency', currency, minimumFractionDigits: minor % scale ? undefined : 0 }).format(minor / scale);
  };
  const proxy = () => $(doc, '[data-lr-member]').dataset.lrProxy;
  const api = (path, body) =>
    fetch(proxy() + path, {
      method: body ? 'POST' : 'GET',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body && JSON.stringify(body),
    }).then((r) => r.json().catch(() => ({})).then((json) => ({ ok: r.ok, body: json })));
  const say = (root, text, error) => {
    const el = $(root, '[data-lg-status]');
    el.textContent = text;
    el.classList.toggle('lr-status--error', !!error);
  };
  const failure = (root, r) => t(root, (r.body?.code || 'error').toLowerCase()) || t(root, 'error');
  const refresh = () => doc.dispatchEvent(new CustomEvent('loyalty:refresh'));
  const roots = () => doc.querySelectorAll('[data-lg]');
  let currency = 'USD';

  const fill = (root, list, tpl, items, fields) => {
    const ul = $(root, list);
    ul.textContent = '';
    for (const item of items) {
      const li = $(root, tpl).content.firstElementChild.cloneNode(true);
      li.dataset.id = item.id;
      const values = fields(li, item);
      for (const key in values) $(li, `[data-f="${key}"]`).textContent = values[key];
      ul.append(li);
    }
  };

  const showChoice = (root, li, reward) => {
    const points = Number($(li, '[data-lg-range]').value);
    $(li, '[data-f="choice"]').textContent = t(root, 'slider', num(points), money((points / reward.pointsCost) * reward.amountMinor, currency));
  };

  doc.addEventListener('loyalty:account', (event) => {
    const state = event.detail;
    currency = state.program?.currency || currency;
    const balance = state.member?.balance ?? 0;
    const sliders = (state.rewards || []).filter((r) => r.kind === 'points_slider');
    for (const root of roots()) {
      root._sliders = sliders;
      $(root, '[data-lg-sliders]').hidden = sliders.length === 0;
      fill(root, '[data-lg-slider-list]', '[data-lg-slider-tpl]', sliders, (li, r) => {
        const range = $(li, '[data-lg-range]');
        const max = Math.max(r.sliderMinPoints, Math.min(r.sliderMaxPoints, Math.floor(balance / r.pointsCost) * r.pointsCost));
        Object.assign(range, { min: r.sliderMinPoints, max, step: r.pointsCost, value: max, disabled: !r.affordable });
        $(li, '[data-lg-slide]').disabled = !r.affordable;
        range.addEventListener('input', () => showChoice(root, li, r));
        setTimeout(() => showChoice(root, li, r));
        return { name: r.name, range: t(root, 'range', num(r.sliderMinPoints), num(r.sliderMaxPoints)) };
      });
    }
  });

  const loadCauses = (root) =>
    api('/donations').then((r) => {
      if (!r.ok) return say(root, failure(root, r), 1);
      currency = r.body.program?.currency || currency;
      const causes = r.body.causes || [];
      root._causes = causes;
      $(root, '[data-lg-causes-empty]').hidden = causes.length > 0;
      fill(root, '[data-lg-causes]', '[data-lg-cause-tpl]', causes, (li, c) => {
        Object.assign($(li, '[data-lg-points]'), { min: c.minimumPoints, step: c.multiplePoints, value: c.minimumPoints });
        return {
          name: c.name,
          description: c.description,
          rate: t(root, 'rate', num(c.pointsPerUnit), money(10 ** new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits, currency)) + ' · ' + t(root, 'rules', num(c.minimumPoints), num(c.multiplePoints)),
        };
      });
    });


  const send = (root, button, path, body, done) => {
    button.disabled = true;
    root.setAttribute('aria-busy', 'true');
    api(path, { ...body, idempotencyKey: crypto.randomUUID() })
      .then((r) => {
        if (!r.ok) throw r;
        say(root, done(r.body));
        refresh();
      })
      .catch((r) => say(root, failure(root, r), 1))
      .finally(() => {
        button.disabled = false;
        root.removeAttribute('aria-busy');
      });
  };

  doc.addEventListener('click', (event) => {
    const button = event.target.closest?.('[data-lg-slide],[data-lg-give],[data-lg-open]');
    if (!button) return;
    const root = button.closest('[data-lg]');
    if (button.hasAttribute('data-lg-open')) {
      const open = button.getAttribute('aria-expanded') !== 'true';
      button.setAttribute('aria-expanded', String(open));
      $(root, '[data-lg-donate]').hidden = !open;
      if (open) loadCauses(root);
      return;
    }
    const li = button.closest('li');
    if (button.hasAttribute('data-lg-slide')) {
      const points = Number($(li, '[data-lg-range]').value);
      send(root, button, '/redeem', { rewardId: li.dataset.id, points }, (b) => t(root, 'redeemed', b.redemption.code));
    } else {
      const points = Number($(li, '[data-lg-points]').value);
      send(root, button, '/donations', { causeId: li.dataset.id, points }, (b) => t(root, 'donated', num(b.donation.points), b.donation.causeName, money(b.donation.amountMinor, b.donation.currency)));
    }
  });
})();
