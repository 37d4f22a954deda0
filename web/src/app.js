// app.js - the dashboard's entry: the bloc and date every view shares (kept in
// the address), the tabs, the server's info, the catalogue, and the live
// stream of the log that keeps the views current without a reload.

import { get, stream } from './api.js';
import { catalog, loadCatalog, take, pactList, nameOf } from './catalog.js';
import { MapView } from './mapview.js';
import { TimelineView } from './timeline.js';
import { AppealsView } from './appeals.js';
import { ProcedureView } from './procedure.js';
import { $, h, todayISO, dayOf, isoOfDay, isISODate, debounce } from './util.js';

const TABS = ['map', 'timeline', 'appeals', 'procedure'];
const DEFAULT_START = '1992-01-01';

class App {
  constructor() {
    const q = new URLSearchParams(location.search);
    this.state = {
      org: (q.get('org') || 'CSTO').toUpperCase(),
      date: isISODate(q.get('on')) ? q.get('on') : todayISO(),
    };
    this.asked = this.state.date; // before the catalogue gives the bloc's first date
    this.logLength = 0;
    this.map = new MapView(this);
    this.timeline = new TimelineView(this);
    this.appeals = new AppealsView(this);
    this.procedure = new ProcedureView(this);
    this.controls();
    this.tabs();
  }

  async start() {
    $('org').value = this.state.org;
    this.setDate(this.state.date, { quiet: true });
    this.map.update();
    this.selectTab(TABS.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'map', { focus: false });
    get('/api/info').then((info) => this.info(info), () => this.info(null));
    this.procedure.start();
    this.live();
    try {
      await loadCatalog();
    } catch {
      return; // the views work without it: ids instead of names
    }
    this.fillOrgs();
    this.fillActors();
    this.setDate(this.asked, { quiet: true });
    this.map.update();
    this.procedure.setMe(this.procedure.me);
  }

  // The earliest date the slider offers for a bloc: its first treaty's
  // signature, 1992-01-01 for the CSTO
  orgStart(org) {
    if (org === 'CSTO') return DEFAULT_START;
    const p = catalog.pacts.get(org);
    const t = p && p.treaties[0] && p.treaties[0].signed;
    if (!t) return DEFAULT_START;
    return isISODate(t) ? t : `${String(t).slice(0, 4)}-01-01`;
  }

  orgs() {
    const list = pactList();
    return list.length ? list : [{ org: this.state.org, name: nameOf(this.state.org) }];
  }

  fillOrgs() {
    const sel = $('org');
    const list = this.orgs();
    sel.replaceChildren(...list.map((p) => h('option', { value: p.org }, p.name && p.name !== p.org ? `${p.org} \u2014 ${p.name}` : p.org)));
    if (!list.some((p) => p.org === this.state.org)) sel.append(h('option', { value: this.state.org }, this.state.org));
    sel.value = this.state.org;
  }

  fillActors() {
    const dl = $('actor-list');
    const actors = [...catalog.actors.values()].filter((a) => a.type === 'state' || a.type === 'org')
      .sort((a, b) => a.id.localeCompare(b.id));
    dl.replaceChildren(...actors.map((a) => h('option', { value: a.id }, a.name || a.id)));
  }

  controls() {
    const refresh = debounce(() => this.changed(), 160);
    $('controls').addEventListener('submit', (e) => e.preventDefault());
    $('org').addEventListener('change', () => {
      // the timeline follows the bloc unless another actor was asked for
      if ($('tl-actor').value === this.state.org) $('tl-actor').value = $('org').value;
      this.state.org = $('org').value;
      this.setDate(this.asked, { quiet: true });
      this.changed();
    });
    $('date').addEventListener('change', () => {
      if (isISODate($('date').value)) { this.asked = $('date').value; this.setDate(this.asked, { quiet: true }); this.changed(); }
    });
    $('date-slider').addEventListener('input', () => {
      const d = isoOfDay(Number($('date-slider').value));
      this.state.date = d;
      this.asked = d;
      $('date').value = d;
      $('date-slider-out').textContent = d;
      refresh();
    });
  }

  // Set the date (clamped to the slider's range) into the controls
  setDate(date, { quiet = false } = {}) {
    const min = this.orgStart(this.state.org);
    const max = todayISO();
    const d = date < min ? min : date > max ? max : date;
    this.state.date = d;
    const s = $('date-slider');
    s.min = String(dayOf(min));
    s.max = String(dayOf(max));
    s.value = String(dayOf(d));
    s.setAttribute('aria-valuetext', d);
    $('date').min = min;
    $('date').max = max;
    $('date').value = d;
    $('date-slider-out').textContent = d;
    if (!quiet) this.changed();
  }

  // The bloc or the date changed: the address, and every view that shows them
  changed() {
    const q = new URLSearchParams(location.search);
    q.set('org', this.state.org);
    q.set('on', this.state.date);
    history.replaceState(null, '', `?${q}${location.hash}`);
    $('date-slider').setAttribute('aria-valuetext', this.state.date);
    this.map.update();
    const tab = this.currentTab;
    if (tab === 'appeals') this.appeals.show();
    if (tab === 'timeline') this.timeline.show();
    this.procedure.fillOrgs();
    this.procedure.refresh();
  }

  tabs() {
    const list = document.querySelector('[role=tablist]');
    list.addEventListener('click', (e) => {
      const tab = e.target.closest('[role=tab]');
      if (tab) this.selectTab(tab.id.slice(4));
    });
    list.addEventListener('keydown', (e) => {
      const i = TABS.indexOf(this.currentTab);
      let j = null;
      if (e.key === 'ArrowRight') j = (i + 1) % TABS.length;
      else if (e.key === 'ArrowLeft') j = (i + TABS.length - 1) % TABS.length;
      else if (e.key === 'Home') j = 0;
      else if (e.key === 'End') j = TABS.length - 1;
      if (j !== null) { e.preventDefault(); this.selectTab(TABS[j]); }
    });
    window.addEventListener('hashchange', () => {
      const t = location.hash.slice(1);
      if (TABS.includes(t) && t !== this.currentTab) this.selectTab(t, { focus: false });
    });
  }

  selectTab(name, { focus = true } = {}) {
    this.currentTab = name;
    for (const t of TABS) {
      const tab = $(`tab-${t}`);
      const on = t === name;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      $(`panel-${t}`).hidden = !on;
    }
    if (focus) $(`tab-${name}`).focus();
    if (location.hash !== `#${name}`) history.replaceState(null, '', `${location.search}#${name}`);
    if (name === 'timeline') this.timeline.show($('tl-actor').value || this.state.org);
    if (name === 'appeals') this.appeals.show();
    if (name === 'procedure') this.procedure.refresh();
  }

  openTimeline(actor) {
    $('tl-actor').value = actor;
    this.selectTab('timeline');
  }

  info(info) {
    this.procedure.info(info);
    // an exercise opens on its scenario's day unless the address names one
    if (info && info.exercise && isISODate(info.procedure_date) && !new URLSearchParams(location.search).get('on')) {
      this.asked = info.procedure_date;
      this.setDate(info.procedure_date);
    }
    if (info) {
      $('version').textContent = `bloc ${info.version || ''}`;
      const b = $('exercise-badge');
      if (info.exercise) {
        b.hidden = false;
        b.textContent = `exercise: ${info.exercise} \u00b7 ${info.procedure_date}`;
      }
    }
  }

  live() {
    const state = $('stream-state');
    this.es = stream((entry, seq) => {
      if (seq) this.logLength = seq;
      if (entry) take(entry);
      this.procedure.refreshSoon();
      this.grew();
    }, (s) => {
      state.textContent = s === 'open' ? 'Live: following the log.' : s === 'retrying' ? 'Live: reconnecting\u2026' : 'Live: closed.';
      state.dataset.state = s;
    });
    if (!this.es) state.textContent = 'This browser cannot follow the log live.';
  }

  // The log grew: the appeals (live cases count) and the record are stale
  grew() {
    if (!this.grewSoon) {
      this.grewSoon = debounce(() => {
        this.appeals.loadedFor = null;
        this.timeline.loadedFor = null;
        if (this.currentTab === 'appeals') this.appeals.show();
      }, 1000);
    }
    this.grewSoon();
  }

  // A line in the live feed (announced politely to screen readers)
  feed(text) {
    const ol = $('feed');
    const t = new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    ol.prepend(h('li', {}, h('span', { class: 'when' }, t), ' ', text));
    while (ol.children.length > 40) ol.lastElementChild.remove();
  }
}

const app = new App();
window.blocApp = app; // for the browser tests and the console
app.start();
