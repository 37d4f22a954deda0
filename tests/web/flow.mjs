// tests/web/flow.mjs URL OUT_DIR - drives the dashboard served at URL in a
// headless Chromium (tests/web/test_browser.sh starts the server and the users).
// Each test prints "ok N - name" or "not ok N - name" (and why, as "# ...");
// screenshots go to OUT_DIR. Exit 1 if a test failed.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(new URL('../../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [base, outDir] = process.argv.slice(2);
if (!base || !outDir) {
  console.error('usage: node tests/web/flow.mjs URL OUT_DIR');
  process.exit(2);
}
const password = (user) => `pass-${user}${process.env.PASSWORD_SUFFIX ?? '-2022'}`;
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
const MEMBERS = ['ARM', 'BLR', 'KAZ', 'KGZ', 'RUS', 'TJK'];
const T = 15000; // ms to wait for anything the page should show

let n = Number(process.env.FIRST || 1) - 1;
let failures = 0;
async function test(name, fn) {
  n += 1;
  try {
    await fn();
    console.log(`ok ${n} - ${name}`);
  } catch (e) {
    failures += 1;
    console.log(`not ok ${n} - ${name}`);
    for (const line of String((e && e.message) || e).split('\n').slice(0, 8)) console.log(`# ${line}`);
  }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }
const shot = (page, name, fullPage = false) => page.screenshot({ path: path.join(outDir, name), fullPage });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});

// Every request a page makes, to check that none leaves the server; every
// error the page throws
const foreign = [];
const pageErrors = [];
async function context(viewport = DESKTOP) {
  const ctx = await browser.newContext({ viewport });
  ctx.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(base) && !u.startsWith('data:')) foreign.push(u);
  });
  return ctx;
}
async function open(ctx, url) {
  const page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(base + url);
  return page;
}
async function signIn(page, user, pw = password(user)) {
  await page.click('#tab-procedure');
  await page.fill('#login-user', user);
  await page.fill('#login-password', pw);
  await page.click('#login-submit');
}
// the status the map and the member list give a state
async function statusOf(page, iso3) {
  return page.evaluate((s) => {
    const p = document.querySelector(`#map path[data-iso3="${s}"]`);
    const li = document.querySelector(`#member-list li[data-state="${s}"]`);
    return { map: p && p.getAttribute('data-status'), list: li ? li.dataset.status : null };
  }, iso3);
}
async function waitStatus(page, iso3, want) {
  await page.waitForFunction(([s, w]) => {
    const p = document.querySelector(`#map path[data-iso3="${s}"]`);
    return p && p.getAttribute('data-status') === w;
  }, [iso3, want], { timeout: T });
}

try {
  const obsCtx = await context();
  const obs = await open(obsCtx, '/#procedure');

  await test('(a) sign-in: a wrong password is refused with a message, the right one shows the role', async () => {
    await signIn(obs, 'obs', 'not-the-password');
    await obs.waitForFunction(() => document.querySelector('#login-error').textContent.trim() !== '', null, { timeout: T });
    const err = await obs.textContent('#login-error');
    assert(/wrong|password|try again/i.test(err), `error shown: "${err}"`);
    assert(await obs.isVisible('#login-form'), 'the form stays after a refusal');
    await signIn(obs, 'obs');
    await obs.waitForSelector('#whoami:not([hidden])', { timeout: T });
    const role = (await obs.textContent('#who-role')).trim();
    assert(role === 'observer', `role shown: "${role}"`);
    const chip = await obs.textContent('#session-chip');
    assert(/obs/.test(chip) && /observer/.test(chip), `header says who is signed in: "${chip}"`);
    assert(!(await obs.isVisible('#appeal-card')), 'an observer is not offered the appeal form');
  });

  const ctx = await context();
  const page = await open(ctx, '/?org=CSTO&on=2010-06-01#map');

  await test('(b) map on 2010-06-01: Uzbekistan drawn and listed as a member', async () => {
    await waitStatus(page, 'UZB', 'member');
    const s = await statusOf(page, 'UZB');
    assert(s.list === 'member', `member list says ${s.list}`);
    const paths = await page.$$eval('#map path.country', (ps) => ps.length);
    assert(paths > 150, `${paths} states drawn`);
    const legend = await page.$$eval('#legend li[data-status]', (ls) => ls.map((l) => l.dataset.status));
    assert(legend.includes('member') && legend.includes('suspended') && legend.includes('disputed'), `legend: ${legend}`);
  });

  await test('(b) date set to 2013-06-01: Uzbekistan no longer a member (suspended), Armenia still one', async () => {
    await page.fill('#date', '2013-06-01');
    await page.dispatchEvent('#date', 'change');
    await waitStatus(page, 'UZB', 'suspended');
    const s = await statusOf(page, 'UZB');
    assert(s.list === 'suspended', `member list says ${s.list}`);
    assert((await statusOf(page, 'ARM')).map === 'member', 'ARM is a member');
    const label = await page.getAttribute('#map path[data-iso3="UZB"]', 'aria-label');
    assert(/suspended/.test(label || ''), `UZB's label: ${label}`);
    const fill = await page.getAttribute('#map path[data-iso3="UZB"]', 'fill');
    assert(fill !== (await page.getAttribute('#map path[data-iso3="ARM"]', 'fill')), 'suspended is drawn unlike member');
    await page.waitForSelector('#overlay-list li', { timeout: T });
    await shot(page, 'desktop-map.png');
  });

  await test('(b) the date slider back to 2010: Uzbekistan a member again', async () => {
    await page.$eval('#date-slider', (el) => {
      el.value = String(Math.round(Date.parse('2010-06-01T00:00:00Z') / 86400000));
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await waitStatus(page, 'UZB', 'member');
    assert((await page.inputValue('#date')) === '2010-06-01', 'the date input follows the slider');
    assert(/on=2010-06-01/.test(page.url()), `the address keeps the date: ${page.url()}`);
  });

  await test('map: arms transfers and clashes of 2018-2022 drawn, one to a member\'s adversary', async () => {
    await page.fill('#date', '2022-09-13');
    await page.dispatchEvent('#date', 'change');
    await waitStatus(page, 'ARM', 'member');
    await page.fill('#ov-from', '2018');
    await page.fill('#ov-to', '2022');
    await page.dispatchEvent('#ov-to', 'input');
    await page.waitForSelector('#map path.arc.adversary', { timeout: T });
    await page.waitForSelector('#map g.marker', { timeout: T });
    const arcs = await page.$$eval('#map path.arc', (as) => as.map((a) => a.getAttribute('data-pair')));
    assert(arcs.includes('BLR>AZE'), `arcs: ${arcs}`);
    const items = await page.$$eval('#overlay-list li', (ls) => ls.map((l) => l.textContent));
    assert(items.some((t) => /Clash/.test(t)) && items.some((t) => /Arms/.test(t)), `listed: ${items.slice(0, 4)}`);
  });

  await test('map: clicking a state opens its record with sources', async () => {
    await page.click('#member-list li[data-state="ARM"] button');
    await page.waitForSelector('#state-panel:not([hidden]) #state-body .entry', { timeout: T });
    const h = await page.textContent('#state-h');
    assert(/Armenia/.test(h), `panel: ${h}`);
    const sources = await page.$$eval('#state-body .source-list li', (ls) => ls.length);
    assert(sources > 3, `${sources} sources listed`);
    await page.click('#map path[data-iso3="KAZ"]');
    await page.waitForFunction(() => /Kazakhstan/.test(document.querySelector('#state-h').textContent), null, { timeout: T });
  });

  await test('timeline: the CSTO record with sources, disputed claims side by side', async () => {
    await page.click('#tab-timeline');
    await page.fill('#tl-actor', 'CSTO');
    await page.click('#tl-form button[type=submit]');
    await page.waitForSelector('#tl-list .entry.disputed .side-by-side .claim', { timeout: T });
    const claims = await page.$$eval('#tl-list .entry.disputed', (es) => es.map((e) => e.querySelectorAll(':scope > .entry-body > .side-by-side > .claim').length));
    assert(claims.length > 0 && claims.every((c) => c >= 2), `claims per disputed entry: ${claims}`);
    const boxes = await page.$$eval('#tl-list .entry.disputed .side-by-side', (els) => {
      const c = els[0].querySelectorAll(':scope > .claim');
      return [c[0].getBoundingClientRect().top, c[1].getBoundingClientRect().top];
    });
    assert(Math.abs(boxes[0] - boxes[1]) < 2, 'the first two claims are side by side');
    const sources = await page.$$eval('#tl-sources li', (ls) => ls.length);
    assert(sources > 10, `${sources} sources`);
    await page.$eval('#tl-list .entry.disputed', (el) => el.scrollIntoView({ block: 'center' }));
    await shot(page, 'desktop-timeline.png');
  });

  await test('appeals: outcome, latency, reliability; the cohesion series charted', async () => {
    await page.click('#tab-appeals');
    await page.waitForSelector('#appeals tr.appeal', { timeout: T });
    const rows = await page.$$eval('#appeals tr.appeal', (rs) => rs.map((r) => r.textContent));
    assert(rows.some((r) => /KAZ/.test(r) && /deployment/.test(r) && /1 d/.test(r)), 'Kazakhstan 2022: deployment in 1 day');
    const rate = await page.textContent('#reliability-rate');
    assert(/%/.test(rate), `reliability: ${rate}`);
    await page.waitForSelector('#coh-chart svg rect', { timeout: T });
    const bars = await page.$$eval('#coh-chart svg rect', (rs) => rs.filter((r) => Number(r.getAttribute('height')) > 0).length);
    assert(bars > 5, `${bars} bars`);
    await shot(page, 'desktop-appeals.png');
  });

  // (c) the live procedure: six delegations, the secretariat, and the observer watching
  const people = {};
  let caseId = null;
  await test('(c) Armenia\'s delegation files an appeal; the observer sees the case without reloading', async () => {
    await obs.evaluate(() => { window.notReloaded = true; });
    const before = await obs.$$eval('#cases li.case', (ls) => ls.length);
    people.arm = await open(await context(), '/#procedure');
    const arm = people.arm;
    await signIn(arm, 'arm');
    await arm.waitForSelector('#appeal-card:not([hidden])', { timeout: T });
    await arm.fill('#ap-attackers', 'AZE');
    await arm.selectOption('#ap-asked', 'military_assistance');
    await arm.fill('#ap-note', 'Azerbaijani forces attacked along the border (browser test)');
    await arm.click('#appeal-form button[type=submit]');
    await arm.waitForSelector('#cases li.case[data-stage="filed"]', { timeout: T });
    caseId = await arm.getAttribute('#cases li.case[data-stage="filed"]', 'data-case-id');
    await obs.waitForFunction((k) => document.querySelectorAll('#cases li.case').length > k, before, { timeout: T });
    assert(await obs.evaluate(() => window.notReloaded === true), 'the observer\'s page was not reloaded');
  });

  const sel = () => `#cases li.case[data-case-id="${caseId}"]`;
  await test('(c) the secretariat convenes the Council', async () => {
    assert(caseId, 'no case');
    people.sec = await open(await context(), '/#procedure');
    const sec = people.sec;
    await signIn(sec, 'sec');
    await sec.waitForSelector(`${sel()} button[data-action="convene"]`, { timeout: T });
    await sec.selectOption(`${sel()} select.proposal`, 'monitoring_mission');
    await sec.click(`${sel()} button[data-action="convene"]`);
    await sec.waitForSelector(`${sel()}[data-stage="convened"]`, { timeout: T });
    await obs.waitForSelector(`${sel()}[data-stage="convened"]`, { timeout: T });
  });

  await test('(c) each member\'s delegation records its position in its own browser', async () => {
    assert(caseId, 'no case');
    const positions = { ARM: 'support', BLR: 'abstain', KAZ: 'support', KGZ: 'support', RUS: 'support', TJK: 'abstain' };
    for (const s of MEMBERS) {
      const user = s.toLowerCase();
      if (!people[user]) {
        people[user] = await open(await context(), '/#procedure');
        await signIn(people[user], user);
      }
      const p = people[user];
      const btn = `${sel()} button[data-action="vote"][data-position="${positions[s]}"]`;
      await p.waitForSelector(btn, { timeout: T });
      await p.click(btn);
      await p.waitForSelector(`${sel()} tr[data-state="${s}"][data-position="${positions[s]}"]`, { timeout: T });
    }
    // the observer saw every position arrive
    await obs.waitForFunction((q) => {
      const rows = document.querySelectorAll(`${q} table.voters tbody tr`);
      return rows.length === 6 && [...rows].every((r) => r.dataset.position !== 'pending');
    }, sel(), { timeout: T });
  });

  await test('(c) the secretariat decides; the decision appears in the observer\'s open page', async () => {
    assert(caseId, 'no case');
    const sec = people.sec;
    await sec.waitForSelector(`${sel()} button[data-action="decide"]:not([disabled])`, { timeout: T });
    await sec.click(`${sel()} button[data-action="decide"]`);
    await obs.waitForSelector(`${sel()}[data-adopted="true"] .decision-text`, { timeout: T });
    const text = await obs.textContent(`${sel()} .decision`);
    assert(/adopted/.test(text) && /monitoring mission/.test(text), `observer sees: ${text}`);
    assert(await obs.evaluate(() => window.notReloaded === true), 'the observer\'s page was not reloaded');
    const feed = await obs.$$eval('#feed li', (ls) => ls.map((l) => l.textContent).join(' | '));
    assert(/decided|deployed/.test(feed), `live feed: ${feed}`);
    assert((await obs.$$eval(`${sel()} .actions button`, (b) => b.length)) === 0, 'an observer has no buttons');
    await obs.$eval(sel(), (el) => el.scrollIntoView());
    await shot(obs, 'decided-case.png');
  });

  await test('(c) a delegation pledges people to the mission, the secretariat marks it completed', async () => {
    assert(caseId, 'no case');
    const rus = people.rus;
    await rus.waitForSelector(`${sel()} input.pledge-size`, { timeout: T });
    await rus.fill(`${sel()} input.pledge-size`, '40');
    await rus.click(`${sel()} button[data-action="pledge"]`);
    await obs.waitForFunction((q) => /RUS 40/.test(document.querySelector(q).textContent), sel(), { timeout: T });
    const sec = people.sec;
    await sec.waitForSelector(`${sel()}[data-stage="deployed"] button[data-action="complete"]`, { timeout: T });
    await sec.click(`${sel()} button[data-action="complete"]`);
    await obs.waitForSelector(`${sel()}[data-stage="completed"]`, { timeout: T });
  });

  await test('(d) phone (390x844): every tab without horizontal overflow', async () => {
    const phone = await open(await context(PHONE), '/?org=CSTO&on=2013-06-01#map');
    await waitStatus(phone, 'UZB', 'suspended');
    const over = {};
    for (const tab of ['map', 'timeline', 'appeals', 'procedure']) {
      await phone.click(`#tab-${tab}`);
      await phone.waitForTimeout(tab === 'map' ? 300 : 1200);
      over[tab] = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (tab === 'map') await shot(phone, 'phone-map.png');
      if (tab === 'procedure') await shot(phone, 'phone-procedure.png');
    }
    assert(Object.values(over).every((x) => x <= 0), `overflow (px) per tab: ${JSON.stringify(over)}`);
  });

  await test('every form control has a name people hear (label or aria-label)', async () => {
    const unnamed = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
      .filter((el) => !el.closest('[hidden]') && el.type !== 'hidden')
      .filter((el) => !((el.labels && el.labels.length) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')
        || (el.tagName === 'BUTTON' && el.textContent.trim())))
      .map((el) => el.id || el.outerHTML.slice(0, 60)));
    assert(!unnamed.length, `unnamed: ${unnamed.join(', ')}`);
  });

  await test('nothing fetched from anywhere but the server; no script errors', async () => {
    assert(!foreign.length, `requests elsewhere: ${foreign.slice(0, 5).join(', ')}`);
    assert(!pageErrors.length, `errors: ${pageErrors.slice(0, 5).join(' | ')}`);
  });
} catch (e) {
  failures += 1;
  n += 1;
  console.log(`not ok ${n} - the browser session: ${e && e.message}`);
} finally {
  await browser.close().catch(() => {});
}
process.exit(failures ? 1 : 0);
