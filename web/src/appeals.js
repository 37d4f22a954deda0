// appeals.js - the Appeals & cohesion tab: every appeal to the bloc with its
// outcome, latency and whether the obligation was honoured (/api/appeals), the
// bloc's reliability, and the cohesion signals with their yearly series as a
// stacked bar chart (/api/cohesion).

import { get } from './api.js';
import { Footnotes, nameOf } from './catalog.js';
import { $, h, clear, humanize, errorText, todayISO, yearOf, plural } from './util.js';

const KIND_COLOURS = ['#1f4e79', '#c55a11', '#548235', '#7030a0', '#bf9000', '#2e75b6', '#843c0c', '#385723', '#b00020', '#5b9bd5', '#7f6000', '#a5a5a5'];

function pct(x) { return x === null || x === undefined ? '\u2013' : `${Math.round(x * 100)}%`; }

export class AppealsView {
  constructor(app) {
    this.app = app;
    this.d3 = window.d3;
    this.notes = new Footnotes('as');
    this.loadedFor = null;
    $('coh-form').addEventListener('submit', (e) => { e.preventDefault(); this.load(true); });
  }

  show() {
    if (this.loadedFor !== this.app.state.org) this.load();
  }

  async load(keepYears = false) {
    const org = this.app.state.org;
    this.loadedFor = org;
    if (!keepYears || !$('coh-from').value) {
      $('coh-from').value = Math.max(yearOf(this.app.orgStart(org)) || 1992, 1900);
      $('coh-to').value = yearOf(todayISO());
    }
    const from = Number($('coh-from').value);
    const to = Number($('coh-to').value);
    this.notes.reset();
    const [appeals, cohesion] = await Promise.all([
      get('/api/appeals', { org }).catch((e) => ({ error: e })),
      get('/api/cohesion', { org, from, to }).catch((e) => ({ error: e })),
    ]);
    if (org !== this.app.state.org) return;
    this.renderAppeals(appeals);
    this.renderCohesion(cohesion);
    this.notes.render($('ap-sources'));
  }

  renderAppeals(a) {
    const rel = clear($('reliability'));
    const box = clear($('appeals'));
    if (a.error) { box.append(h('p', { class: 'error' }, errorText(a.error))); return; }
    const r = a.reliability || {};
    const all = r.all || {};
    rel.append(
      h('div', { class: 'big-number' }, h('span', { class: 'num', id: 'reliability-rate' }, pct(all.rate)),
        h('span', { class: 'muted' }, ` honoured: ${all.honoured ?? 0} of ${all.triggered ?? 0} appeals that triggered an obligation`)),
      h('p', { class: 'muted' }, `${plural(r.not_triggered ?? 0, 'appeal')} that triggered nothing ${(r.not_triggered ?? 0) === 1 ? 'is' : 'are'} not counted. Measure: ${r.measure || ''}`),
      h('table', { class: 'compact-table' },
        h('caption', { class: 'visually-hidden' }, 'Reliability by type of obligation'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'obligation'), h('th', { scope: 'col' }, 'triggered'),
          h('th', { scope: 'col' }, 'honoured'), h('th', { scope: 'col' }, 'rate'))),
        h('tbody', {}, Object.entries(r.by_type || {}).map(([type, v]) => h('tr', {},
          h('th', { scope: 'row' }, type), h('td', {}, v.triggered), h('td', {}, v.honoured), h('td', {}, pct(v.rate)))))));
    const list = a.appeals || [];
    if (!list.length) { box.append(h('p', { class: 'muted' }, `No appeal to ${a.org} in the record.`)); return; }
    const table = h('table', { class: 'appeals-table' },
      h('caption', { class: 'visually-hidden' }, `Appeals to ${a.org}`),
      h('thead', {}, h('tr', {}, ['date', 'requester', 'asked', 'triggered', 'decision', 'latency', 'honoured', 'sources']
        .map((c) => h('th', { scope: 'col' }, c)))));
    const tbody = h('tbody');
    for (const ap of list) {
      const ob = ap.obligation || {};
      const honoured = ap.honoured === true ? 'yes' : ap.honoured === false ? 'no' : 'n/a';
      tbody.append(h('tr', { class: `appeal honoured-${honoured}`, dataset: { id: ap.id } },
        h('td', { class: 'nowrap' }, ap.date),
        h('th', { scope: 'row' }, h('abbr', { title: ap.requester_name || nameOf(ap.requester) }, ap.requester), ' ',
          h('span', { class: 'muted' }, ap.requester_name || '')),
        h('td', {}, humanize(ap.asked), ap.article ? h('span', { class: 'muted' }, ` (art. ${ap.article})`) : null),
        h('td', {}, ap.triggered ? h('span', { class: 'yes' }, 'yes') : h('span', { class: 'no' }, 'no'),
          h('div', { class: 'muted small' }, `${ob.treaty || ''} art. ${ob.article || '?'}, ${ob.type || ''}`,
            (ob.unmet || []).length ? `; unmet: ${ob.unmet.map(humanize).join(', ')}` : '')),
        h('td', {}, ap.decision ? humanize(ap.decision) : h('span', { class: 'muted' }, 'none'),
          ap.decision_date ? h('div', { class: 'muted small' }, ap.decision_date) : null),
        h('td', { class: 'num' }, ap.latency_days === null || ap.latency_days === undefined ? '\u2013' : `${ap.latency_days} d`),
        h('td', {}, h('span', { class: `honoured ${honoured}` }, honoured), ap.why ? h('div', { class: 'muted small' }, ap.why) : null),
        h('td', {}, this.notes.marks(ap.sources))));
      tbody.append(h('tr', { class: 'appeal-steps' }, h('td', { colspan: 8 },
        h('details', {}, h('summary', {}, `What followed (${plural((ap.steps || []).length, 'step')})`),
          ap.note ? h('p', { class: 'note' }, ap.note) : null,
          h('ol', { class: 'steps' }, (ap.steps || []).map((s) => h('li', {},
            h('span', { class: 'when' }, s.date), ' ', h('strong', {}, humanize(s.type)),
            s.mode ? ` (${humanize(s.mode)})` : '', s.outcome ? `: ${humanize(s.outcome)}` : '',
            s.note ? h('div', { class: 'note' }, s.note) : null, ' ', this.notes.marks([s.source]))))))));
    }
    table.append(tbody);
    box.append(table);
  }

  renderCohesion(c) {
    const d3 = this.d3;
    const chart = clear($('coh-chart'));
    const tableBox = clear($('coh-table'));
    const sig = clear($('signals'));
    if (c.error) { chart.append(h('p', { class: 'error' }, errorText(c.error))); return; }
    const series = c.series || [];
    const kinds = [...new Set(series.flatMap((s) => Object.keys(s.by_kind || {})))].sort();
    const colour = d3.scaleOrdinal(kinds, KIND_COLOURS);
    const width = Math.max(320, chart.clientWidth || 560);
    const height = 240;
    const m = { l: 30, r: 8, t: 8, b: 24 };
    const stack = d3.stack().keys(kinds).value((d, k) => (d.by_kind || {})[k] || 0)(series);
    const x = d3.scaleBand().domain(series.map((s) => s.year)).range([m.l, width - m.r]).padding(0.15);
    const y = d3.scaleLinear().domain([0, Math.max(1, d3.max(series, (s) => s.signals) || 0)]).nice().range([height - m.b, m.t]);
    const svg = d3.select(chart).append('svg').attr('viewBox', `0 0 ${width} ${height}`).attr('width', '100%')
      .attr('role', 'img').attr('aria-label', `Cohesion signals against ${c.org} per year, ${c.from} to ${c.to}; the table below gives the numbers`);
    svg.append('g').attr('class', 'axis').attr('transform', `translate(${m.l},0)`).call(d3.axisLeft(y).ticks(4).tickFormat(d3.format('d')));
    const every = Math.ceil(series.length / Math.max(1, Math.floor(width / 42)));
    svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${height - m.b})`)
      .call(d3.axisBottom(x).tickValues(series.map((s) => s.year).filter((yv, i) => i % every === 0)));
    svg.append('g').selectAll('g').data(stack).join('g').attr('fill', (d) => colour(d.key))
      .attr('data-kind', (d) => d.key)
      .selectAll('rect').data((d) => d.filter((v) => v[1] > v[0]).map((v) => ({ v, key: d.key }))).join('rect')
      .attr('x', (d) => x(d.v.data.year)).attr('width', x.bandwidth())
      .attr('y', (d) => y(d.v[1])).attr('height', (d) => Math.max(0, y(d.v[0]) - y(d.v[1])))
      .append('title').text((d) => `${d.v.data.year}: ${humanize(d.key)} ${d.v[1] - d.v[0]}`);
    chart.append(h('ul', { class: 'chart-legend' }, kinds.map((k) => h('li', {},
      h('span', { class: 'key', dataset: { colour: colour(k) } }), humanize(k)))));
    for (const el of chart.querySelectorAll('.key')) el.style.background = el.dataset.colour;
    tableBox.append(h('table', { class: 'compact-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'year'), h('th', { scope: 'col' }, 'signals'),
        kinds.map((k) => h('th', { scope: 'col' }, humanize(k))))),
      h('tbody', {}, series.filter((s) => s.signals).map((s) => h('tr', {}, h('th', { scope: 'row' }, s.year), h('td', {}, s.signals),
        kinds.map((k) => h('td', {}, (s.by_kind || {})[k] || '')))))));
    for (const s of c.signals || []) {
      const who = s.supplier ? `${s.supplier} \u2192 ${s.recipient}${(s.adversary_of || []).length ? ` (adversary of ${s.adversary_of.join(', ')})` : ''}`
        : s.member ? `${s.member} with ${s.partner}${(s.rival_pacts || []).length ? ` (of ${s.rival_pacts.join(', ')})` : ''}`
          : (s.states || [s.state, s.other]).filter(Boolean).join(' \u2194 ');
      const years = s.years || [];
      sig.append(h('li', { class: 'signal', dataset: { kind: s.kind } },
        h('span', { class: 'key', dataset: { colour: colour(s.kind) } }), ' ',
        h('strong', {}, humanize(s.kind)), ' ', who, ' ',
        h('span', { class: 'muted' }, years.length > 1 ? `${years[0]}\u2013${years[years.length - 1]} (${plural(years.length, 'year')})` : years[0] || s.first || ''),
        ' ', this.notes.marks(s.sources),
        (s.events || []).length ? h('div', { class: 'muted small' }, `events: ${s.events.join(', ')}`) : null));
    }
    for (const el of sig.querySelectorAll('.key')) el.style.background = el.dataset.colour;
  }
}
