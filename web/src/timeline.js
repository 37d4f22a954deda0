// timeline.js - the Timeline tab: an actor's dated record (/api/timeline)
// as an overview strip (one lane per kind) and a list, each entry with its
// sources; disputed entries show their claims side by side.

import { get } from './api.js';
import { Footnotes } from './catalog.js';
import { entryItem, kindGroup } from './records.js';
import { $, h, clear, dateStart, errorText, todayISO } from './util.js';

const LANES = ['event', 'spell', 'office', 'treaty', 'force'];
const LANE_LABEL = { event: 'events', spell: 'membership', office: 'offices', treaty: 'treaty', force: 'forces' };

export class TimelineView {
  constructor(app) {
    this.app = app;
    this.d3 = window.d3;
    this.notes = new Footnotes('ts');
    this.answer = null;
    this.loadedFor = null;
    $('tl-form').addEventListener('submit', (e) => { e.preventDefault(); this.load(); });
    for (const el of $('tl-form').querySelectorAll('input[type=checkbox]')) {
      el.addEventListener('change', () => this.render());
    }
  }

  // Show the record of actor (the bloc by default) when the tab is opened
  show(actor) {
    if (actor) $('tl-actor').value = actor;
    const key = `${$('tl-actor').value}|${$('tl-from').value}|${$('tl-to').value}`;
    if (key !== this.loadedFor) this.load();
  }

  async load() {
    const actor = $('tl-actor').value.trim();
    if (!actor) return;
    const from = $('tl-from').value;
    const to = $('tl-to').value;
    this.loadedFor = `${actor}|${from}|${to}`;
    $('tl-status').textContent = `Loading the record of ${actor}\u2026`;
    try {
      this.answer = await get('/api/timeline', { actor, from, to });
    } catch (e) {
      this.answer = null;
      $('tl-status').textContent = errorText(e);
      clear($('tl-list'));
      clear($('tl-overview'));
      clear($('tl-sources'));
      return;
    }
    this.render();
  }

  kinds() {
    return new Set([...$('tl-form').querySelectorAll('input[name=kind]:checked')].map((c) => c.value));
  }

  render() {
    const a = this.answer;
    if (!a) return;
    const kinds = this.kinds();
    const disputedOnly = $('tl-disputed').checked;
    const entries = (a.entries || []).filter((e) => kinds.has(kindGroup(e.kind)) && (!disputedOnly || e.disputed
      || (e.details || []).some((d) => d.disputed)));
    const notes = this.notes;
    notes.reset();
    const ol = clear($('tl-list'));
    entries.forEach((e, i) => {
      const li = entryItem(e, notes);
      li.id = `tl-e-${i}`;
      li.tabIndex = -1;
      ol.append(li);
    });
    notes.render($('tl-sources'));
    const disputed = entries.filter((e) => e.disputed).length;
    $('tl-status').textContent = `${a.name || a.actor} (${a.actor}, ${a.type}): ${entries.length} of ${(a.entries || []).length} entries` +
      `${disputed ? `, ${disputed} disputed` : ''}${a.from || a.to ? `, ${a.from || '\u2026'} to ${a.to || '\u2026'}` : ''}`;
    this.overview(entries);
  }

  // One lane per kind; spans as bars, single dates as ticks; a click goes to the entry
  overview(entries) {
    const d3 = this.d3;
    const box = clear($('tl-overview'));
    const dated = entries.map((e, i) => ({ e, i, t0: dateStart(e.date), t1: e.to ? dateStart(e.to) : null }))
      .filter((d) => d.t0);
    if (!dated.length) return;
    const now = dateStart(todayISO());
    const lo = d3.min(dated, (d) => d.t0);
    const hi = d3.max(dated, (d) => d.t1 || d.t0);
    const width = Math.max(320, box.clientWidth || 900);
    const laneH = 16;
    const m = { l: 84, r: 12, t: 6, b: 22 };
    const height = m.t + m.b + LANES.length * laneH;
    const x = d3.scaleUtc().domain([lo, hi > lo ? hi : d3.utcYear.offset(lo, 1)]).range([m.l, width - m.r]).nice();
    const y = (k) => m.t + LANES.indexOf(k) * laneH;
    const svg = d3.select(box).append('svg').attr('viewBox', `0 0 ${width} ${height}`).attr('width', '100%')
      .attr('aria-hidden', 'true');
    svg.append('g').selectAll('text').data(LANES).join('text')
      .attr('x', 4).attr('y', (k) => y(k) + laneH * 0.7).attr('class', 'lane-label').text((k) => LANE_LABEL[k]);
    svg.append('g').selectAll('line').data(LANES).join('line')
      .attr('x1', m.l).attr('x2', width - m.r).attr('y1', (k) => y(k) + laneH - 0.5).attr('y2', (k) => y(k) + laneH - 0.5)
      .attr('class', 'lane-rule');
    const marks = svg.append('g').selectAll('g').data(dated).join('g')
      .attr('class', (d) => `mark kind-${kindGroup(d.e.kind)}${d.e.disputed ? ' disputed' : ''}`)
      .on('click', (ev, d) => {
        const li = document.getElementById(`tl-e-${d.i}`);
        if (li) { li.scrollIntoView({ block: 'center', behavior: 'smooth' }); li.focus({ preventScroll: true }); }
      });
    marks.filter((d) => d.t1 || (d.e.kind !== 'event' && !d.e.to && d.e.kind === 'spell')).append('rect')
      .attr('x', (d) => x(d.t0))
      .attr('y', (d) => y(kindGroup(d.e.kind)) + 3)
      .attr('width', (d) => Math.max(2, x(d.t1 || now) - x(d.t0)))
      .attr('height', laneH - 7);
    marks.filter((d) => !(d.t1 || (d.e.kind !== 'event' && !d.e.to && d.e.kind === 'spell'))).append('circle')
      .attr('cx', (d) => x(d.t0)).attr('cy', (d) => y(kindGroup(d.e.kind)) + laneH / 2).attr('r', 3.5);
    marks.append('title').text((d) => `${d.e.date}${d.e.to ? ` to ${d.e.to}` : ''}: ${d.e.what || `${d.e.type} ${d.e.mode || ''}`}`);
    svg.append('g').attr('transform', `translate(0,${height - m.b})`).attr('class', 'axis')
      .call(d3.axisBottom(x).ticks(Math.max(3, Math.floor(width / 90))));
  }
}
