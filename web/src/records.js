// records.js - one dated entry of the record (an answer of /api/timeline) as
// HTML: what happened or held, between whom, its note and details, each claim
// with its sources; where sources disagree, every claim side by side.

import { h, humanize, span } from './util.js';
import { nameOf } from './catalog.js';
import { statusOf } from './status.js';

const KIND_LABEL = {
  event: 'event', spell: 'membership', office: 'office', force: 'force',
  phase: 'treaty', provision: 'treaty', treaty: 'treaty',
};
export function kindGroup(kind) {
  return ['phase', 'provision', 'treaty'].includes(kind) ? 'treaty' : kind;
}

function actorList(ids) {
  if (!ids || !ids.length) return h('span', { class: 'muted' }, 'unnamed');
  return ids.map((id, i) => [i ? ', ' : '', h('abbr', { title: nameOf(id), class: 'actor' }, id)]);
}

function qty(c) {
  if (c.num === undefined || c.num === null) return c.value ?? '';
  const q = c.qualifier && c.qualifier !== 'exact' ? `${humanize(c.qualifier)} ` : '';
  return `${q}${Number(c.num).toLocaleString('en')}`;
}

// What a claim says, in one line
function claimWhat(entry, c) {
  if (entry.kind === 'event') {
    return [h('strong', {}, `${c.type || entry.type}${c.mode ? ` ${humanize(c.mode)}` : ''}`), ' ',
      actorList(c.actors), ' \u2192 ', actorList(c.recipients)];
  }
  const what = c.what || entry.what || '';
  const n = c.num !== undefined && c.num !== null && entry.kind === 'force' ? `: ${qty(c)}` : '';
  return [h('strong', {}, what), n];
}

function claimCard(entry, c, notes, i) {
  return h('div', { class: 'claim', role: 'listitem' },
    h('div', { class: 'claim-head' }, h('span', { class: 'claim-n' }, `claim ${i + 1}`),
      ' ', h('span', { class: 'when' }, span(c.date ?? c.from, c.to))),
    h('div', {}, claimWhat(entry, c), c.status ? [' ', statusTag(c.status)] : null),
    c.note ? h('p', { class: 'note' }, c.note) : null,
    notes.marks(c.sources));
}

export function statusTag(status) {
  return h('span', { class: `status-tag st-${status}` }, statusOf(status).label);
}

function detailValue(c, notes) {
  return [qty(c), c.date ? h('span', { class: 'muted' }, ` (${c.date})`) : null,
    c.note ? h('span', { class: 'muted' }, ` \u2014 ${c.note}`) : null, ' ', notes.marks(c.sources)];
}

function details(list, notes) {
  if (!list || !list.length) return null;
  return h('dl', { class: 'details' }, list.map((d) => [
    h('dt', {}, humanize(d.key), d.subject ? h('span', { class: 'muted' }, ` (${nameOf(d.subject)})`) : null,
      d.disputed ? h('span', { class: 'disputed-tag' }, 'disputed') : null),
    d.disputed
      ? h('dd', { class: 'claims side-by-side', role: 'list', 'aria-label': `${humanize(d.key)}: the sources disagree` },
        d.claims.map((c, i) => h('div', { class: 'claim', role: 'listitem' },
          h('span', { class: 'claim-n' }, `claim ${i + 1}`), ' ', detailValue(c, notes))))
      : h('dd', {}, d.claims.map((c, i) => [i ? h('br') : null, detailValue(c, notes)])),
  ]));
}

// entry -> <li>
export function entryItem(entry, notes, { showKind = true } = {}) {
  const kind = kindGroup(entry.kind);
  const li = h('li', {
    class: `entry kind-${kind}${entry.disputed ? ' disputed' : ''}${entry.parent ? ' child' : ''}`,
    dataset: { kind, id: entry.id || '' },
  });
  const when = h('div', { class: 'when' }, entry.date || 'undated',
    entry.to && entry.to !== entry.date ? [h('br'), `to ${entry.to}`] : null);
  const head = h('div', { class: 'entry-head' },
    showKind ? h('span', { class: `kind-badge kb-${kind}` }, KIND_LABEL[entry.kind] || entry.kind) : null, ' ',
    entry.disputed ? null : claimWhat(entry, entry.claims && entry.claims[0] ? { ...entry.claims[0], ...entry } : entry),
    entry.disputed ? h('strong', {}, entry.what || `${entry.type || ''} ${humanize(entry.mode || '')}`) : null,
    entry.kind === 'spell' && !entry.disputed && entry.claims && entry.claims[0] && entry.claims[0].status
      ? [' ', statusTag(entry.claims[0].status)] : null,
    entry.disputed ? h('span', { class: 'disputed-tag' }, 'disputed: the sources disagree') : null,
    entry.parent ? h('span', { class: 'muted parent' }, ` follows ${entry.parent}`) : null);
  const note = entry.note || (!entry.disputed && entry.claims && entry.claims[0] && entry.claims[0].note);
  const body = h('div', { class: 'entry-body' }, head,
    note ? h('p', { class: 'note' }, note) : null,
    entry.disputed
      ? h('div', { class: 'claims side-by-side', role: 'list', 'aria-label': 'The sources disagree; each claim with its sources' },
        entry.claims.map((c, i) => claimCard(entry, c, notes, i)))
      : h('div', { class: 'entry-sources' }, notes.marks(entry.sources)),
    details(entry.details, notes));
  li.append(when, body);
  return li;
}
