// catalog.js - what the views need to name things: every source (publisher,
// title, date, address), every actor's display name and type, and the pacts
// (organizations with a treaty), read once from /api/catalog (the server's
// model: retracted facts are not in it) and kept up to date from the live
// stream. Footnotes number the sources a view cites.

import { get } from './api.js';
import { h, clear } from './util.js';

export const catalog = {
  sources: new Map(), // id -> {id, type, publisher, title, url, date}
  actors: new Map(), // id -> {id, type, name}
  pacts: new Map(), // org -> {org, name, treaties: [{id, title, signed}]}
  parties: new Map(), // org -> Map(state -> the earliest date of any spell it had in org)
  ready: null,
};

const listeners = new Set();
export function onCatalog(fn) { listeners.add(fn); }

export function take(e) {
  if (!e || !e.slots) return false;
  const s = e.slots;
  switch (e.kind) {
    case 'source':
      catalog.sources.set(s[0], { id: s[0], type: s[1], publisher: s[2], title: s[3], url: s[4], date: e.from });
      return true;
    case 'actor': {
      const a = catalog.actors.get(s[0]) || { id: s[0], name: null };
      a.type = s[1];
      catalog.actors.set(s[0], a);
      return true;
    }
    case 'name': {
      // the display name: the first English name given as such (num 0)
      if (s[1] !== 'en' || e.num !== 0) return false;
      const a = catalog.actors.get(s[0]) || { id: s[0], type: null, name: null };
      if (!a.name) a.name = s[2];
      catalog.actors.set(s[0], a);
      return true;
    }
    case 'treaty': {
      const p = catalog.pacts.get(s[1]) || { org: s[1], treaties: [] };
      if (!p.treaties.some((t) => t.id === s[0])) p.treaties.push({ id: s[0], title: s[2], signed: e.from });
      p.treaties.sort((a, b) => String(a.signed).localeCompare(String(b.signed)));
      catalog.pacts.set(s[1], p);
      return true;
    }
    case 'spell': {
      const m = catalog.parties.get(s[0]) || new Map();
      const was = m.get(s[1]);
      if (!was || (e.from && String(e.from) < was)) m.set(s[1], e.from ? String(e.from) : (was || '0000'));
      catalog.parties.set(s[0], m);
      return true;
    }
    default:
      return false;
  }
}

export function loadCatalog() {
  if (catalog.ready) return catalog.ready;
  catalog.ready = (async () => {
    const c = await get('/api/catalog');
    for (const s of c.sources || []) {
      catalog.sources.set(s.id, {
        id: s.id, type: s.kind, publisher: s.publisher, title: s.title,
        url: s.url || s.file, date: s.date,
      });
    }
    for (const a of c.actors || []) catalog.actors.set(a.id, { id: a.id, type: a.type, name: a.name });
    for (const p of c.pacts || []) {
      catalog.pacts.set(p.org, { org: p.org, treaties: p.treaties || [] });
      catalog.parties.set(p.org, new Map(Object.entries(p.parties || {}).map(([k, v]) => [k, v || '0000'])));
    }
    listeners.forEach((fn) => fn());
    return catalog;
  })();
  return catalog.ready;
}

export function nameOf(id) {
  const a = catalog.actors.get(id);
  return (a && a.name) || id;
}

// The pacts, as [{org, name, signed}], oldest treaty first within each
export function pactList() {
  return [...catalog.pacts.values()].map((p) => ({
    org: p.org, name: nameOf(p.org), signed: p.treaties[0] && p.treaties[0].signed,
  })).sort((a, b) => a.org.localeCompare(b.org));
}

// Footnotes: cite(id) gives the number of a source in this view, render(list)
// writes the numbered list of sources with what the catalogue knows of each.
export class Footnotes {
  constructor(prefix) { this.prefix = prefix; this.ids = []; this.index = new Map(); }
  reset() { this.ids = []; this.index.clear(); }
  cite(id) {
    if (!this.index.has(id)) { this.ids.push(id); this.index.set(id, this.ids.length); }
    return this.index.get(id);
  }
  // [1,2] as superscript links to the list
  marks(ids) {
    const list = [...new Set((ids || []).filter(Boolean))];
    if (!list.length) return null;
    return h('sup', { class: 'cites' }, '[',
      list.map((id, i) => [i ? ',' : '', h('a', {
        href: `#${this.prefix}-${this.cite(id)}`, title: describe(id), class: 'cite',
      }, String(this.cite(id)))]), ']');
  }
  render(ol) {
    clear(ol);
    this.ids.forEach((id, i) => ol.append(sourceItem(id, `${this.prefix}-${i + 1}`)));
  }
}

export function describe(id) {
  const s = catalog.sources.get(id);
  if (!s) return id;
  return [s.publisher, s.title && `"${s.title}"`, s.date].filter(Boolean).join(', ');
}

export function sourceItem(id, anchor) {
  const s = catalog.sources.get(id);
  return h('li', { id: anchor },
    h('code', { class: 'src-id' }, id), ' ',
    s ? [
      s.publisher ? `${s.publisher}, ` : '',
      s.title ? h('cite', {}, s.title) : '',
      s.date ? `, ${s.date}` : '',
      s.type ? h('span', { class: 'muted' }, ` (${s.type})`) : '',
      s.url ? [' ', h('span', { class: 'url', title: 'address of the source (copy it to open it)' }, s.url)] : '',
    ] : h('span', { class: 'muted' }, '(not in the catalogue yet)'));
}
