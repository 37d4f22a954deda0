// util.js - small DOM and date helpers shared by the views.

// h('li', {class: 'x', onclick: fn, dataset: {a: 1}}, 'text', child...) -> Element
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function $(id) { return document.getElementById(id); }

export function todayISO() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

// Day numbers (days since 1970-01-01, UTC) for the slider
export function dayOf(iso) { return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86400000); }
export function isoOfDay(day) { return new Date(day * 86400000).toISOString().slice(0, 10); }
export function isISODate(s) { return /^\d{4}-\d{2}-\d{2}$/.test(s || '') && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)); }

// A record date is a year, a month or a day ("2022", "2022-09", "2022-09-13").
// start of it / end of it as JS Dates (UTC)
export function dateStart(s) {
  if (!s) return null;
  const [y, m, d] = String(s).split('-').map(Number);
  return new Date(Date.UTC(y, m ? m - 1 : 0, d || 1));
}
export function yearOf(s) { return s ? Number(String(s).slice(0, 4)) : null; }

// "2022-09-13", "2022-09-13 to 2022-09-14", "since 1994-04-20"
export function span(from, to, open = false) {
  if (!from && !to) return 'undated';
  if (to && to !== from) return `${from || '?'} to ${to}`;
  if (open && !to) return `since ${from}`;
  return from;
}

export function humanize(s) {
  if (s === null || s === undefined) return '';
  return String(s).replace(/_/g, ' ');
}

export function debounce(fn, ms) {
  let t = null;
  return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); };
}

// A message for an error shown to people
export function errorText(e) {
  if (!e) return '';
  if (e.status === 404) return `${e.message} (this server does not answer that yet)`;
  return e.message || String(e);
}

export function announce(el, text) {
  if (!el) return;
  el.textContent = '';
  // a new text node so that screen readers read it again
  requestAnimationFrame(() => { el.textContent = text; });
}

// plural(2, 'step') -> "2 steps"
export function plural(n, one, many = `${one}s`) { return `${n} ${n === 1 ? one : many}`; }
