// api.js - the one place that talks to `bloc serve`: GET questions, POSTs with
// the session's CSRF token, errors as ApiError (the server's
// {"error": {"status", "message", "param"}}), and the log as a live stream.

export class ApiError extends Error {
  constructor(status, message, param, retryAfter) {
    super(message);
    this.status = status;
    this.param = param ?? null;
    this.retryAfter = retryAfter ?? null;
  }
}

let csrf = null;
export function setCsrf(token) { csrf = token || null; }

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => q.append(k, x));
    else q.append(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

async function answer(res) {
  let body = null;
  const text = await res.text();
  if (text) {
    try { body = JSON.parse(text); } catch { body = null; }
  }
  if (!res.ok) {
    const e = body && body.error;
    const retry = res.headers.get('Retry-After');
    throw new ApiError(res.status,
      (e && e.message) || `${res.status} ${res.statusText || 'error'}`,
      e && e.param, retry ? Number(retry) : null);
  }
  return body;
}

// get('/api/members', {org, on}) -> the JSON answer. A question asked again
// while the first is in flight shares its answer.
const inflight = new Map();
export function get(path, params, { signal } = {}) {
  const url = path + query(params);
  if (!signal && inflight.has(url)) return inflight.get(url);
  const p = fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', signal })
    .then(answer)
    .finally(() => { if (!signal) inflight.delete(url); });
  if (!signal) inflight.set(url, p);
  return p;
}

export async function post(path, body) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (csrf) headers['X-CSRF-Token'] = csrf;
  const res = await fetch(path, {
    method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify(body ?? {}),
  });
  return answer(res);
}

// run limited(list, n, fn): fn over list with at most n calls in flight
export async function limited(list, n, fn) {
  const out = new Array(list.length);
  let next = 0;
  async function worker() {
    while (next < list.length) {
      const i = next++;
      out[i] = await fn(list[i], i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(n, list.length) }, worker));
  return out;
}

// The log as it grows: onEntry(entry, seq) for each new entry; onState('open'|'retrying')
export function stream(onEntry, onState) {
  if (typeof EventSource === 'undefined') return null;
  const es = new EventSource('/api/stream');
  es.addEventListener('open', () => onState && onState('open'));
  es.addEventListener('error', () => onState && onState(es.readyState === EventSource.CLOSED ? 'closed' : 'retrying'));
  es.addEventListener('entry', (ev) => {
    let entry = null;
    try { entry = JSON.parse(ev.data); } catch { entry = null; }
    onEntry(entry, Number(ev.lastEventId));
  });
  return es;
}
