// procedure.js - the Live procedure tab: signing in (secretariat, a state's
// delegation, observer), filing an appeal, convening, positions, the decision,
// pledges, completion and withdrawal; the cases are fetched again whenever the
// log grows (/api/stream), so every open page follows the procedure live.

import { get, post, setCsrf, ApiError } from './api.js';
import { nameOf } from './catalog.js';
import { $, h, clear, humanize, errorText, debounce, plural } from './util.js';

const STAGES = ['filed', 'convened', 'decided', 'deployed', 'completed'];
const PROPOSALS = ['statement', 'fact_finding_mission', 'monitoring_mission', 'material_aid', 'deployment'];
const POSITIONS = ['support', 'object', 'abstain'];
const MISSIONS = ['deployment', 'fact_finding_mission', 'monitoring_mission'];

export class ProcedureView {
  constructor(app) {
    this.app = app;
    this.me = null;
    this.cases = new Map(); // id -> case, as last fetched
    this.available = true; // false when the server has no procedure endpoints
    $('login-form').addEventListener('submit', (e) => { e.preventDefault(); this.login(); });
    $('logout').addEventListener('click', () => this.logout());
    $('appeal-form').addEventListener('submit', (e) => { e.preventDefault(); this.fileAppeal(); });
    this.refreshSoon = debounce(() => this.refresh(), 150);
  }

  async start() {
    try {
      this.setMe(await get('/api/me'));
    } catch (e) {
      this.setMe(null);
      if (e instanceof ApiError && e.status === 404) this.available = false;
    }
    this.refresh();
  }

  setMe(me) {
    this.me = me && me.user ? me : null;
    setCsrf(this.me ? this.me.csrf : null);
    $('login-form').hidden = !!this.me;
    $('whoami').hidden = !this.me;
    $('appeal-card').hidden = !(this.me && this.me.role === 'delegation');
    if (this.me) {
      $('who-user').textContent = this.me.user;
      $('who-role').textContent = this.me.role;
      $('who-state').textContent = this.me.state ? ` of ${nameOf(this.me.state)} (${this.me.state})` : '';
    }
    const chip = clear($('session-chip'));
    if (this.me) {
      chip.append(h('span', { class: 'role-chip', id: 'role-chip' }, `${this.me.user} \u00b7 ${this.me.role}${this.me.state ? ` \u00b7 ${this.me.state}` : ''}`));
    } else {
      chip.append(h('a', { href: '#procedure', class: 'signin-link' }, 'Sign in'));
    }
    this.fillOrgs();
    this.render();
  }

  fillOrgs() {
    const sel = $('ap-org');
    const org = this.app.state.org;
    const orgs = this.app.orgs();
    if (!orgs.some((p) => p.org === org)) orgs.push({ org, name: org });
    sel.replaceChildren(...orgs.map((p) => h('option', { value: p.org }, p.name && p.name !== p.org ? `${p.org} (${p.name})` : p.org)));
    sel.value = org;
  }

  info(info) {
    this.infoAnswer = info;
    const p = $('proc-info');
    if (!info) {
      p.textContent = 'This server does not say which database it serves.';
    } else if (info.exercise) {
      p.textContent = `Exercise \u201c${info.exercise}\u201d: a copy of the record; steps are dated ${info.procedure_date}.`;
    } else {
      p.textContent = `Live record: steps are dated ${info.procedure_date || 'today'} and are appended to the record.`;
    }
  }

  async login() {
    const err = $('login-error');
    err.textContent = '';
    const user = $('login-user').value.trim();
    const password = $('login-password').value;
    $('login-submit').disabled = true;
    try {
      const me = await post('/api/login', { user, password });
      $('login-password').value = '';
      this.setMe(me);
      this.app.feed(`Signed in as ${me.user} (${me.role}${me.state ? `, ${me.state}` : ''})`);
      this.refresh();
    } catch (e) {
      if (e.status === 401) err.textContent = 'Wrong user name or password.';
      else if (e.status === 429) err.textContent = `Too many attempts; try again${e.retryAfter ? ` in ${e.retryAfter} s` : ' later'}.`;
      else err.textContent = `Could not sign in: ${errorText(e)}`;
      $('login-password').focus();
    } finally {
      $('login-submit').disabled = false;
    }
  }

  async logout() {
    try { await post('/api/logout', {}); } catch { /* signed out here either way */ }
    this.setMe(null);
    $('login-user').focus();
  }

  async fileAppeal() {
    const err = $('appeal-error');
    err.textContent = '';
    const attackers = $('ap-attackers').value.split(/[\s,;]+/).map((s) => s.trim().toUpperCase()).filter(Boolean);
    const body = {
      org: $('ap-org').value,
      article: $('ap-article').value.trim(),
      asked: $('ap-asked').value,
      attackers,
      internal: $('ap-internal').checked,
      note: $('ap-note').value.trim(),
    };
    try {
      const c = await post('/api/procedure/appeal', body);
      this.app.feed(`Appeal filed: case ${c.id} by ${c.requester}`);
      $('ap-note').value = '';
      await this.refresh();
      const li = document.querySelector(`li.case[data-case-id="${CSS.escape(String(c.id))}"]`);
      if (li) li.focus();
    } catch (e) {
      if (!this.ended(e)) err.textContent = errorText(e);
    }
  }

  // A POST answered 401: the session ended (expired, or signed out elsewhere)
  ended(e) {
    if (!e || e.status !== 401) return false;
    this.setMe(null);
    $('login-error').textContent = 'Your session has ended; sign in again.';
    return true;
  }

  async act(kind, c, extra, errEl) {
    errEl.textContent = '';
    try {
      await post(`/api/procedure/${kind}`, { case: c.id, ...extra });
      await this.refresh();
    } catch (e) {
      if (this.ended(e)) return;
      const why = e.status === 403 ? 'Not allowed: ' : e.status === 409 ? 'Out of order: ' : '';
      const el = document.querySelector(`li.case[data-case-id="${CSS.escape(String(c.id))}"] .case-error`) || errEl;
      el.textContent = why + errorText(e);
    }
  }

  // The log grew (or the bloc changed): fetch the cases again
  async refresh() {
    if (!this.available) {
      $('cases-status').textContent = '';
      clear($('cases')).append(h('li', { class: 'muted' }, 'This server does not run the live procedure (no /api/cases).'));
      return;
    }
    const org = this.app.state.org;
    let answer;
    try {
      answer = await get('/api/cases', { org });
    } catch (e) {
      if (e.status === 404) { this.available = false; this.refresh(); return; }
      $('proc-error').textContent = errorText(e);
      return;
    }
    $('proc-error').textContent = '';
    const cases = answer.cases || [];
    this.diff(cases);
    this.cases = new Map(cases.map((c) => [String(c.id), c]));
    this.render();
  }

  // Say what changed since the last fetch (into the live feed)
  diff(cases) {
    if (!this.seen) { this.seen = true; return; }
    for (const c of cases) {
      const old = this.cases.get(String(c.id));
      if (!old) { this.app.feed(`Case ${c.id}: ${c.requester} filed an appeal (art. ${c.article}, ${humanize(c.asked)})`); continue; }
      if (old.stage !== c.stage) {
        const res = c.stage === 'decided' ? `, ${c.adopted ? 'adopted' : 'not adopted'}${c.outcome ? `: ${humanize(c.outcome)}` : ''}` : '';
        this.app.feed(`Case ${c.id}: ${c.stage}${c.stage === 'convened' && c.proposal ? ` on ${humanize(c.proposal)}` : ''}${res}`);
      }
      for (const v of c.voters || []) {
        const was = (old.voters || []).find((o) => o.state === v.state);
        if (v.position && (!was || was.position !== v.position)) this.app.feed(`Case ${c.id}: ${v.state} ${v.position}s`);
      }
      if ((c.contributors || []).length > (old.contributors || []).length) this.app.feed(`Case ${c.id}: a pledge`);
    }
  }

  render() {
    const ol = clear($('cases'));
    const cases = [...this.cases.values()].sort((a, b) => String(b.id).localeCompare(String(a.id), 'en', { numeric: true }));
    const open = cases.filter((c) => !['completed', 'withdrawn'].includes(c.stage)).length;
    $('cases-status').textContent = `${plural(cases.length, 'case')}, ${open} open`;
    const count = $('case-count');
    count.hidden = !open;
    count.textContent = String(open);
    if (!cases.length) ol.append(h('li', { class: 'muted' }, 'No case yet. A delegation files an appeal to open one.'));
    for (const c of cases) ol.append(this.caseItem(c));
    this.todo(cases);
  }

  // What waits for the signed-in person: a delegation's votes, the secretariat's steps
  todo(cases) {
    const box = clear($('my-todo'));
    const me = this.me;
    if (!me) return;
    const waiting = cases.filter((c) => (me.role === 'delegation' && c.stage === 'convened' && (c.pending || []).includes(me.state))
      || (me.role === 'secretariat' && (c.stage === 'filed' || (c.stage === 'convened' && !(c.pending || []).length))));
    if (!waiting.length) { box.append(h('p', { class: 'muted' }, 'Nothing waits for you.')); return; }
    box.append(h('p', {}, me.role === 'delegation' ? `Waiting for ${me.state}'s position:` : 'Waiting for the secretariat:'),
      h('ul', { class: 'todo' }, waiting.map((c) => h('li', {}, h('button', {
        type: 'button', class: 'link',
        onclick: () => document.querySelector(`li.case[data-case-id="${CSS.escape(String(c.id))}"]`).focus(),
      }, `${c.id}: ${c.requester}, ${c.stage === 'filed' ? 'to convene' : c.stage === 'convened' && me.role === 'secretariat' ? 'to decide' : humanize(c.proposal || '')}`)))));
  }

  caseItem(c) {
    const me = this.me;
    const err = h('p', { class: 'error case-error', role: 'alert' });
    const li = h('li', {
      class: `case stage-${c.stage}`, tabindex: -1,
      dataset: { caseId: String(c.id), stage: c.stage, adopted: c.adopted === null || c.adopted === undefined ? '' : String(c.adopted) },
      'aria-labelledby': `case-h-${c.id}`,
    });
    li.append(h('div', { class: 'case-head' },
      h('h3', { id: `case-h-${c.id}` }, `Case ${c.id}: `, h('abbr', { title: c.requester_name || nameOf(c.requester) }, c.requester),
        ` asks ${c.org} for ${humanize(c.asked)}`),
      h('span', { class: `stage-tag stage-${c.stage}` }, c.stage)));
    li.append(h('p', { class: 'muted' }, `Filed ${c.date}; article ${c.article || '\u2013'}`,
      (c.attackers || []).length ? `; attacked by ${c.attackers.join(', ')}` : '',
      c.internal ? '; framed as an internal crisis' : '',
      c.decision_rule ? `; decided by ${humanize(c.decision_rule)}` : ''));
    li.append(stepper(c.stage));
    if (c.proposal) li.append(h('p', {}, 'Proposal: ', h('strong', {}, humanize(c.proposal))));
    if (c.stage === 'decided' || c.stage === 'deployed' || c.stage === 'completed' || (c.adopted !== null && c.adopted !== undefined)) {
      li.append(h('p', { class: `decision ${c.adopted ? 'adopted' : 'rejected'}` }, 'Decision: ',
        h('strong', { class: 'decision-text' }, c.adopted ? 'adopted' : c.adopted === false ? 'not adopted' : 'pending'),
        c.outcome ? ` \u2014 ${humanize(c.outcome)}` : ''));
    }
    if ((c.voters || []).length) {
      li.append(h('table', { class: 'voters compact-table' },
        h('caption', {}, 'Positions', (c.pending || []).length ? h('span', { class: 'muted' }, ` (${c.pending.length} pending)`) : ''),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'state'), h('th', { scope: 'col' }, 'position'))),
        h('tbody', {}, c.voters.map((v) => h('tr', { dataset: { state: v.state, position: v.position || ((c.pending || []).includes(v.state) ? 'pending' : 'none') } },
          h('th', { scope: 'row' }, h('abbr', { title: v.name || nameOf(v.state) }, v.state), ' ', h('span', { class: 'muted' }, v.name || '')),
          h('td', {}, v.position ? h('span', { class: `pos pos-${v.position}` }, v.position)
            : h('span', { class: 'muted' }, (c.pending || []).includes(v.state) ? 'pending' : '\u2013')))))));
    }
    if ((c.contributors || []).length) {
      li.append(h('p', {}, 'Pledged: ', c.contributors.map((x, i) => [i ? ', ' : '', `${x.state} ${Number(x.size).toLocaleString('en')}`]),
        c.pledged ? ` (${Number(c.pledged).toLocaleString('en')} in all)` : ''));
    }
    const actions = h('div', { class: 'actions' });
    if (me) this.actionsFor(c, me, actions, err);
    if (actions.childNodes.length) li.append(actions);
    li.append(err);
    if ((c.steps || []).length) {
      li.append(h('details', { class: 'steps' }, h('summary', {}, `Steps (${c.steps.length})`),
        h('ol', {}, c.steps.map((s) => h('li', {}, h('span', { class: 'when' }, s.date), ' ', humanize(s.step),
          s.by ? ` by ${s.by}` : '', h('span', { class: 'muted' }, ` (log entry ${s.seq})`))))));
    }
    return li;
  }

  // The buttons a role has for a case at its stage (docs/PROCEDURE.md); the
  // server decides, these only offer what it would accept
  actionsFor(c, me, box, err) {
    const pending = c.pending || [];
    if (me.role === 'secretariat') {
      if (c.stage === 'filed') {
        const sel = h('select', { 'aria-label': `Proposal for case ${c.id}`, class: 'proposal' },
          PROPOSALS.map((p) => h('option', { value: p }, humanize(p))));
        box.append(h('label', {}, 'Proposal ', sel),
          h('button', { type: 'button', dataset: { action: 'convene' }, onclick: () => this.act('convene', c, { proposal: sel.value }, err) }, 'Convene the Council'));
      }
      if (c.stage === 'convened') {
        box.append(h('button', {
          type: 'button', dataset: { action: 'decide' }, disabled: pending.length > 0,
          onclick: () => this.act('decide', c, {}, err),
        }, 'Decide'), pending.length ? h('span', { class: 'muted' }, ` waiting for ${pending.join(', ')}`) : null);
      }
      if (c.stage === 'deployed') {
        box.append(h('button', { type: 'button', dataset: { action: 'complete' }, onclick: () => this.act('complete', c, {}, err) }, 'Mark completed'));
      }
      if (c.stage === 'completed') {
        box.append(h('button', { type: 'button', class: 'danger', dataset: { action: 'withdraw' }, onclick: () => this.act('withdraw', c, {}, err) }, 'Withdraw the forces'));
      }
    } else if (me.role === 'delegation' && me.state) {
      const voter = (c.voters || []).find((v) => v.state === me.state);
      if (c.stage === 'convened' && pending.includes(me.state)) {
        box.append(h('span', { class: 'vote-label', id: `vote-l-${c.id}` }, `${me.state}'s position:`),
          h('div', { class: 'vote', role: 'group', 'aria-labelledby': `vote-l-${c.id}` }, POSITIONS.map((p) => h('button', {
            type: 'button', class: `pos-btn pos-${p}`, dataset: { action: 'vote', position: p },
            'aria-label': `${p} (case ${c.id}, as ${me.state})`,
            onclick: () => this.act('position', c, { position: p }, err),
          }, p))));
      } else if (voter && voter.position) {
        box.append(h('span', { class: 'muted' }, `${me.state}'s position: ${voter.position}.`));
      }
      const pledged = (c.contributors || []).some((x) => x.state === me.state);
      if (voter && c.adopted && MISSIONS.includes(c.proposal) && ['decided', 'deployed'].includes(c.stage) && !pledged) {
        const size = h('input', { type: 'number', min: 1, step: 1, inputmode: 'numeric', 'aria-label': `People ${me.state} pledges to case ${c.id}`, class: 'pledge-size' });
        box.append(h('label', {}, 'Pledge (people) ', size),
          h('button', { type: 'button', dataset: { action: 'pledge' }, onclick: () => this.act('pledge', c, { size: Number(size.value) }, err) }, 'Pledge'));
      }
    }
  }
}

function stepper(stage) {
  const i = stage === 'withdrawn' ? STAGES.length : STAGES.indexOf(stage);
  return h('ol', { class: 'stepper', 'aria-label': `Stage: ${stage}` },
    STAGES.map((s, j) => h('li', { class: j < i ? 'done' : j === i ? 'current' : '', 'aria-current': j === i ? 'step' : null }, s)),
    stage === 'withdrawn' ? h('li', { class: 'current withdrawn', 'aria-current': 'step' }, 'withdrawn') : null);
}

export { STAGES };
