/* The survey in the rewards panel (docs/decisions/035-surveys.md): after the page has loaded, asks the app proxy for
   the live survey, draws its questions, sends the answers and says what was earned, or why not. Every word comes from
   the locale texts on [data-lr-survey] (data-t-*, %0 standing for a value); prompts and choices are the merchant's.
   Presentation only: the app validates the answers and awards the points. */
(() => {
  if (window.loyaltySurveys) return;
  const doc = document;
  const t = (root, key, v) => (root.dataset['t' + key[0].toUpperCase() + key.slice(1)] || '').replace('%0', v);
  const el = (tag, props, ...kids) => {
    const e = Object.assign(doc.createElement(tag), props);
    e.append(...kids);
    return e;
  };
  const num = (root, n) => new Intl.NumberFormat(root.closest('[data-lr]')?.dataset.lrLocale || undefined).format(n);
  const api = (root, body) =>
    fetch(root.closest('[data-lr]').dataset.lrProxy + '/survey', {
      method: body ? 'POST' : 'GET',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body && JSON.stringify(body),
    }).then((res) => res.json().catch(() => ({})).then((json) => ({ ok: res.ok, body: json })));
  const say = (root, text, error) => {
    const status = root.querySelector('[data-lr-survey-status]');
    status.textContent = text;
    status.classList.toggle('lr-status--error', !!error);
  };

  const choice = (type, q, value, text) =>
    el('label', { className: 'lr-choice' }, el('input', { type, name: q.id, value }), ' ' + text);
  const scale = (root, q, min, max, low, high) => {
    const box = el('div', { className: 'lr-scale' });
    for (let v = min; v <= max; v++) box.append(choice('radio', q, v, v));
    return [box, el('p', { className: 'lr-muted lr-scale__ends' }, el('span', {}, t(root, low)), el('span', {}, t(root, high)))];
  };
  const input = (root, q) => {
    if (q.kind === 'nps') return scale(root, q, 0, 10, 'npsLow', 'npsHigh');
    if (q.kind === 'ces') return scale(root, q, 1, 7, 'cesLow', 'cesHigh');
    if (q.kind === 'text') return [el('textarea', { name: q.id, rows: 3, maxLength: q.maxLength, className: 'lr-text' })];
    if (q.kind === 'slider') {
      const out = el('output', {}, '–');
      const range = el('input', { type: 'range', name: q.id, min: q.min, max: q.max, step: q.step, value: q.min });
      range.oninput = () => {
        range.dataset.touched = out.textContent = range.value;
      };
      return [range, ' ', out];
    }
    return q.choices.map((c) => choice(q.kind === 'single' ? 'radio' : 'checkbox', q, c, c));
  };
  const read = (form, q) => {
    const picked = [...form.querySelectorAll(`[name="${q.id}"]:checked`)].map((i) => i.value);
    if (q.kind === 'multiple') return picked.length ? picked : undefined;
    if (q.kind === 'single') return picked[0];
    if (q.kind === 'nps' || q.kind === 'ces') return picked.length ? Number(picked[0]) : undefined;
    const field = form.elements[q.id];
    if (q.kind === 'slider') return field.dataset.touched ? Number(field.value) : undefined;
    return field.value.trim() || undefined;
  };

  const show = (root, survey) => {
    const form = root.querySelector('[data-lr-survey-form]');
    root.querySelector('[data-lr-survey-title]').textContent = survey.title;
    root.querySelector('[data-lr-survey-points]').textContent = survey.points > 0 ? t(root, 'earn', num(root, survey.points)) : '';
    form.querySelector('[data-lr-survey-questions]').replaceChildren(
      ...survey.questions.map((q) =>
        el('fieldset', { className: 'lr-q', id: `lr-q-${q.id}` }, el('legend', {}, q.prompt + (q.required ? ' *' : '')), ...input(root, q), el('p', { className: 'lr-q__error' })),
      ),
    );
    form.onsubmit = (event) => {
      event.preventDefault();
      const answers = {};
      for (const q of survey.questions) {
        const value = read(form, q);
        if (value !== undefined) answers[q.id] = value;
      }
      const button = form.querySelector('button');
      button.disabled = true;
      say(root, t(root, 'sending'));
      api(root, { surveyId: survey.id, version: survey.version, answers })
        .then((r) => {
          for (const p of form.querySelectorAll('.lr-q__error')) p.textContent = '';
          if (!r.ok) throw r;
          form.hidden = true;
          say(root, r.body.points > 0 ? t(root, 'thanksPoints', num(root, r.body.points)) : t(root, 'thanks'));
          const balance = root.closest('[data-lr]').querySelector('[data-lr-balance]');
          if (balance && r.body.points > 0) balance.textContent = num(root, r.body.balance);
        })
        .catch((r) => {
          button.disabled = false;
          const fields = r.body?.fieldErrors || {};
          for (const id in fields) {
            const p = form.querySelector(`#lr-q-${CSS.escape(id)} .lr-q__error`);
            if (p) p.textContent = t(root, 'check');
          }
          say(root, t(root, (r.body?.code || '').toLowerCase()) || t(root, 'error'), 1);
          if (r.body?.code === 'ALREADY_ANSWERED') form.hidden = true;
        });
    };
    root.hidden = false;
  };

  const init = () => {
    for (const root of doc.querySelectorAll('[data-lr-survey]:not([data-ready])')) {
      root.dataset.ready = 1;
      api(root).then((r) => {
        if (r.ok && r.body.survey && !r.body.answered) show(root, r.body.survey);
      });
    }
  };
  window.loyaltySurveys = { init };
  init();
  // The launcher stamps its panel out when it first opens.
  doc.addEventListener('click', () => setTimeout(init, 0));
  doc.addEventListener('shopify:section:load', init);
})();
