// mapview.js - the Map tab: the map, its legend, the member list as text, the
// arms and clashes of the year window as a list, and the side panel with a
// state's record (or an event's) with sources.

import { get, limited } from './api.js';
import { catalog, nameOf, Footnotes } from './catalog.js';
import { STATUSES, statusOf, swatch, installPatterns } from './status.js';
import { WorldMap, overlayEvents, label } from './map.js';
import { entryItem, statusTag } from './records.js';
import { $, h, clear, span, yearOf, errorText, announce, debounce } from './util.js';

export class MapView {
  constructor(app) {
    this.app = app;
    this.d3 = window.d3;
    this.members = null; // the last /api/members answer
    this.statuses = new Map();
    this.timelines = new Map(); // "ISO|from|to" -> timeline answer (promise)
    this.windowPinned = false;
    this.seq = 0;
    this.ovSeq = 0;
    this.memberNotes = new Footnotes('ms');
    this.panelNotes = new Footnotes('ps');
    installPatterns(this.d3);
    this.map = new WorldMap($('map'), {
      onSelect: (iso3) => this.showState(iso3),
      onEvent: (ev) => this.showEvent(ev),
      tooltip: $('tooltip'),
    });
    this.legend();
    $('zoom-in').addEventListener('click', () => this.map.zoomBy(1.6));
    $('zoom-out').addEventListener('click', () => this.map.zoomBy(1 / 1.6));
    $('zoom-world').addEventListener('click', () => this.map.zoomWorld());
    $('zoom-fit').addEventListener('click', () => this.fit());
    $('state-close').addEventListener('click', () => this.closePanel());
    const redraw = debounce(() => this.loadOverlays(), 250);
    for (const id of ['ov-from', 'ov-to']) {
      $(id).addEventListener('input', () => { this.windowPinned = true; redraw(); });
    }
    for (const id of ['ov-arms', 'ov-clashes']) $(id).addEventListener('change', () => this.drawOverlays());
    this.ready = this.map.load().catch((e) => {
      $('map').append(h('p', { class: 'error' }, `The map could not be drawn: ${errorText(e)}`));
    });
  }

  legend() {
    const ul = clear($('legend'));
    for (const s of STATUSES) {
      ul.append(h('li', { dataset: { status: s.id } }, swatch(this.d3, s.id),
        h('span', { class: 'legend-label' }, s.label, h('span', { class: 'count' })),
        h('span', { class: 'muted' }, s.means)));
    }
    ul.append(h('li', { class: 'legend-extra' },
      h('span', { class: 'legend-arc', 'aria-hidden': 'true' }), ' arms transfer; ',
      h('span', { class: 'legend-arc adversary', 'aria-hidden': 'true' }), ' to a member\'s adversary; ',
      h('span', { class: 'legend-clash', 'aria-hidden': 'true' }, '\u2715'), ' clash'));
  }

  // The bloc or the date changed
  async update() {
    const { org, date } = this.app.state;
    const mine = ++this.seq;
    $('map-title').textContent = `${org} on ${date}`;
    if (!this.windowPinned) {
      const y = yearOf(date);
      $('ov-from').value = y - 4;
      $('ov-to').value = y;
    }
    let answer;
    try {
      answer = await get('/api/members', { org, on: date });
    } catch (e) {
      if (mine !== this.seq) return;
      $('members-summary').textContent = `No answer: ${errorText(e)}`;
      return;
    }
    await this.ready;
    if (mine !== this.seq) return;
    this.members = answer;
    const statuses = new Map();
    for (const m of answer.members || []) statuses.set(m.state, m.status);
    const parties = catalog.parties.get(org);
    if (parties) {
      for (const [state, first] of parties) {
        if (!statuses.has(state) && first <= date) statuses.set(state, 'former');
      }
    }
    this.statuses = statuses;
    this.map.setStatuses(statuses);
    this.memberList(answer, statuses);
    if (this.fitFor !== org && statuses.size) { this.fitFor = org; this.fit(false); }
    if (this.panelState) this.showState(this.panelState, { focus: false });
    this.loadOverlays();
  }

  fit(animate = true) {
    const org = this.app.state.org;
    const ids = new Set([...this.statuses.keys()]);
    const parties = catalog.parties.get(org);
    if (parties) for (const s of parties.keys()) ids.add(s);
    this.map.zoomTo([...ids], animate);
  }

  memberList(answer, statuses) {
    const notes = this.memberNotes;
    notes.reset();
    const ul = clear($('member-list'));
    const counts = new Map();
    for (const s of statuses.values()) counts.set(s, (counts.get(s) || 0) + 1);
    for (const li of $('legend').querySelectorAll('li[data-status]')) {
      const n = counts.get(li.dataset.status);
      li.querySelector('.count').textContent = n ? ` (${n})` : '';
    }
    const byState = new Map((answer.members || []).map((m) => [m.state, m]));
    const order = STATUSES.map((s) => s.id);
    const states = [...statuses.keys()].sort((a, b) => (order.indexOf(statuses.get(a)) - order.indexOf(statuses.get(b))) || a.localeCompare(b));
    for (const state of states) {
      const st = statuses.get(state);
      const m = byState.get(state);
      const onMap = this.map.byIso.has(state);
      const li = h('li', { class: 'member', dataset: { state, status: st } },
        h('button', { type: 'button', class: 'state-btn', onclick: () => this.showState(state) },
          swatch(this.d3, st, 14), ' ', h('span', { class: 'iso' }, state), ' ', m ? m.name : nameOf(state)),
        ' ', statusTag(st),
        m && m.since ? h('span', { class: 'muted' }, ` since ${m.since}`) : null,
        m && !m.disputed ? [' ', notes.marks(m.claims.map((c) => c.source))] : null,
        onMap ? null : h('span', { class: 'muted' }, ' (no present-day shape on the map)'));
      if (m && m.disputed) {
        li.append(h('ul', { class: 'claims-list' }, groupClaims(m.claims).map((c) => h('li', {},
          statusTag(c.status), ` ${span(c.from, c.to, true)} `, notes.marks(c.sources)))));
      }
      ul.append(li);
    }
    const good = (answer.members || []).filter((m) => m.good_standing).length;
    const text = `${answer.org} on ${answer.on}: ${good} in good standing` +
      (states.length ? `; ${states.filter((s) => !byState.get(s) || !byState.get(s).good_standing)
        .map((s) => `${s} ${statusOf(statuses.get(s)).label}`).join(', ') || 'no others'}` : '; no parties on this date');
    $('members-summary').textContent = text;
    announce($('map-summary'), text);
    let src = $('member-sources');
    if (!src) {
      src = h('details', { id: 'member-sources', class: 'sources' }, h('summary', {}, 'Sources'), h('ol', { class: 'source-list' }));
      $('member-list').after(src);
    }
    notes.render(src.querySelector('ol'));
  }

  // Arms and clashes of the year window, from the timelines of the bloc's states
  async loadOverlays() {
    const { org } = this.app.state;
    let from = Number($('ov-from').value);
    let to = Number($('ov-to').value);
    if (!from || !to) return;
    if (from > to) [from, to] = [to, from];
    const mine = ++this.ovSeq;
    const states = [...this.statuses.keys()].filter((s) => this.statuses.get(s) !== 'former');
    $('ov-status').textContent = `loading ${from}\u2013${to}\u2026`;
    try {
      const f = `${from}-01-01`;
      const t = `${to}-12-31`;
      const [answers, cohesion] = await Promise.all([
        limited(states, 4, (s) => this.timeline(s, f, t)),
        get('/api/cohesion', { org, from, to }).catch(() => null),
      ]);
      if (mine !== this.ovSeq) return;
      const pairs = new Set();
      for (const s of (cohesion && cohesion.signals) || []) {
        if (s.kind === 'arms_to_adversary') pairs.add(`${s.supplier}>${s.recipient}`);
      }
      const isState = (id) => this.map.byIso.has(id) || (catalog.actors.get(id) || {}).type === 'state';
      const entries = answers.flatMap((a) => (a && a.entries) || []);
      this.events = overlayEvents(entries, isState, pairs)
        .filter((e) => (yearOf(e.date) || 0) <= to && (yearOf(e.to) || yearOf(e.date) || 0) >= from);
      const count = (kind, one, many) => {
        const k = this.events.filter((e) => e.kind === kind).length;
        return `${k} ${k === 1 ? one : many}`;
      };
      $('ov-status').textContent = `${count('arms', 'transfer', 'transfers')}, ${count('clash', 'clash', 'clashes')}, ${from}\u2013${to}`;
      this.drawOverlays();
    } catch (e) {
      if (mine === this.ovSeq) $('ov-status').textContent = `no events: ${errorText(e)}`;
    }
  }

  timeline(actor, from, to) {
    const key = `${actor}|${from}|${to}|${this.app.logLength || 0}`;
    if (!this.timelines.has(key)) {
      this.timelines.set(key, get('/api/timeline', { actor, from, to }).catch(() => null));
    }
    return this.timelines.get(key);
  }

  drawOverlays() {
    const events = this.events || [];
    const arms = $('ov-arms').checked;
    const clashes = $('ov-clashes').checked;
    this.map.setOverlays(events, { arms, clashes });
    const ul = clear($('overlay-list'));
    const shown = events.filter((e) => (e.kind === 'arms' ? arms : clashes));
    if (!shown.length) ul.append(h('li', { class: 'muted' }, 'None in this window.'));
    for (const ev of shown) {
      ul.append(h('li', { class: `ov-item ov-${ev.kind}${ev.adversary ? ' adversary' : ''}`, dataset: { event: ev.id } },
        h('button', { type: 'button', class: 'link', onclick: () => this.showEvent(ev) }, label(ev))));
    }
  }

  openPanel(title) {
    const panel = $('state-panel');
    panel.hidden = false;
    $('state-h').textContent = title;
    this.panelNotes.reset();
    return clear($('state-body'));
  }

  closePanel() {
    $('state-panel').hidden = true;
    this.panelState = null;
    this.map.select(null);
  }

  focusPanel() {
    const panel = $('state-panel');
    panel.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    panel.focus({ preventScroll: true });
  }

  async showState(iso3, { focus = true } = {}) {
    this.panelState = iso3;
    this.map.select(iso3);
    const { org, date } = this.app.state;
    const body = this.openPanel(`${nameOf(iso3)} (${iso3})`);
    const notes = this.panelNotes;
    const st = this.statuses.get(iso3) || 'none';
    const m = this.members && (this.members.members || []).find((x) => x.state === iso3);
    body.append(h('p', {}, `In ${org} on ${date}: `, statusTag(st),
      m && m.since ? ` since ${m.since}` : null,
      m && m.good_standing === false ? h('span', { class: 'muted' }, ' (not in good standing)') : null));
    if (m) {
      body.append(h('ul', { class: 'claims-list' }, groupClaims(m.claims).map((c) => h('li', {},
        statusTag(c.status), ` ${span(c.from, c.to, true)} `, c.superseded ? h('span', { class: 'muted' }, '(superseded) ') : null,
        notes.marks(c.sources), c.note ? h('div', { class: 'note' }, c.note) : null))));
    }
    const actions = h('p', {}, h('button', { type: 'button', onclick: () => this.app.openTimeline(iso3) }, 'Open in the timeline'));
    body.append(actions);
    const list = h('ol', { class: 'timeline compact' }, h('li', { class: 'muted' }, 'Loading the record\u2026'));
    body.append(h('h4', {}, 'Record'), list);
    const srcList = h('ol', { class: 'source-list' });
    body.append(h('details', { class: 'sources', open: true }, h('summary', {}, 'Sources'), srcList));
    if (focus) this.focusPanel();
    try {
      const tl = await get('/api/timeline', { actor: iso3 });
      if (this.panelState !== iso3) return;
      clear(list);
      const entries = tl.entries || [];
      if (!entries.length) list.append(h('li', { class: 'muted' }, 'The record holds nothing about this state.'));
      for (const e of entries) list.append(entryItem(e, notes));
    } catch (e) {
      clear(list).append(h('li', { class: 'error' }, errorText(e)));
    }
    notes.render(srcList);
  }

  showEvent(ev) {
    this.panelState = null;
    this.map.select(null);
    const body = this.openPanel(ev.kind === 'arms' ? 'Arms transfer' : 'Clash');
    const notes = this.panelNotes;
    body.append(h('p', {}, label(ev)));
    body.append(h('ol', { class: 'timeline compact' }, entryItem(ev.entry, notes)));
    const states = [...new Set([...ev.from, ...ev.toStates])];
    body.append(h('p', {}, 'States: ', states.map((s, i) => [i ? ', ' : '',
      h('button', { type: 'button', class: 'link', onclick: () => this.showState(s) }, `${s} ${nameOf(s)}`)])));
    const srcList = h('ol', { class: 'source-list' });
    body.append(h('details', { class: 'sources', open: true }, h('summary', {}, 'Sources'), srcList));
    notes.render(srcList);
    this.focusPanel();
  }
}

// A membership answer's claims, one per source, as one per claim with its sources
function groupClaims(claims) {
  const out = new Map();
  for (const c of claims || []) {
    const key = [c.status, c.from, c.to, c.superseded, c.note || ''].join('|');
    if (!out.has(key)) out.set(key, { ...c, sources: [] });
    if (c.source) out.get(key).sources.push(c.source);
  }
  return [...out.values()];
}
