// Acceptance: the dashboard in a real browser (Debian's chromium, driven by playwright-core, a fresh profile each time). A new user signs
// in, creates a schedule with the live preview, pauses it with a reason and resumes it, runs it now and reads
// the agent's answer; a read-only key is offered nothing that changes anything. Screenshots go to target/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { fakeLetta, jar, startAgentcron } from './server.mjs';

const ADMIN_KEY = 'dashboard-admin-key';
const AGENT = 'agent-00000000-0000-4000-8000-0000000000d1';
const shots = join(jar, '..', 'screenshots');
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

let letta, server, context, page;
/** What the page complained of: script errors and anything the content security policy blocked. */
const problems = [];

before(async () => {
  mkdirSync(shots, { recursive: true });
  letta = await fakeLetta();
  server = await startAgentcron({
    AGENTCRON_API_KEY: ADMIN_KEY,
    AGENTCRON_LETTA_BASE_URL: letta.url,
    AGENTCRON_LETTA_TOKEN: 'letta-token',
    AGENTCRON_ALLOWED_TARGET_HOSTS: '127.0.0.1',
  });
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'agentcron-chromium-')), {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(20_000);
  // Every request the page makes goes to agentcron itself: nothing from elsewhere.
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) problems.push(message.text());
  });
  page.on('request', (request) => assert.ok(request.url().startsWith(server.baseURL), `outside request: ${request.url()}`));
});

after(async () => {
  await context?.close();
  await server?.stop();
  await letta?.close();
});

async function signIn(key) {
  await page.goto(`${server.baseURL}/`);
  await page.fill('#key', key);
  await page.click('button[type=submit]');
  await page.waitForSelector('#nav:not([hidden])');
}

const shot = (name) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

test('a new user signs in, creates a schedule with the live preview, pauses, resumes, runs it and reads the answer', async () => {
  await signIn(ADMIN_KEY);
  await page.waitForSelector('text=Next fires');
  assert.equal(await page.evaluate(() => location.search + location.hash.includes('key')), 'false', 'the key is never in the URL');

  await page.click('a[href="#/new"]');
  await page.fill('#agent_id', AGENT);
  await page.fill('#message', 'Good morning: what is on today?');
  await page.fill('#timezone', 'Europe/Berlin');
  await page.fill('#words', 'every weekday at 9am');
  await page.waitForSelector('#preview table');
  assert.equal(await page.inputValue('#cron'), '0 9 * * 1-5');
  const preview = await page.textContent('#preview');
  assert.match(preview, /weekday|Monday/i);
  assert.match(preview, /\+0[12]:00/, 'local times are shown in the zone');
  await shot('create-with-preview');

  await page.fill('#cron', '0 9 * * 1-5 nonsense');
  await page.waitForSelector('#error-cron:not(:empty)');
  await page.fill('#cron', '0 9 * * 1-5');
  await page.click('#create button[type=submit]');
  await page.waitForSelector(`text=${AGENT}`);

  const row = page.locator('tr', { hasText: AGENT });
  page.once('dialog', (dialog) => dialog.accept('waiting for the new calendar'));
  await row.locator('button', { hasText: 'Pause' }).click();
  await page.waitForSelector('text=waiting for the new calendar');
  assert.match(await row.textContent(), /paused/);
  await shot('paused-with-reason');
  await row.locator('button', { hasText: 'Resume' }).click();
  await page.waitForSelector('text=waiting for the new calendar', { state: 'detached' });

  await row.locator('button', { hasText: 'Run now' }).click();
  await page.waitForSelector('text=Started run');
  await page.waitForSelector(`tr:has-text("${AGENT}") .strip i.succeeded`, { timeout: 30_000 });
  await row.locator('a').click();
  await page.waitForSelector('text=heard: Good morning: what is on today?', { timeout: 30_000 });
  assert.match(await page.textContent('main'), /assistant message/i);
  await shot('schedule-and-answer');

  await page.click('a[href="#/overview"]');
  await page.waitForSelector('text=Next fires');
  await page.waitForFunction(() => /runs, last hour/.test(document.body.textContent));
  await shot('overview');
  assert.deepEqual(problems, [], 'no script error and nothing blocked by the content security policy');
});

test('a field the face rejects is marked under that field', async () => {
  await page.click('a[href="#/new"]');
  await page.selectOption('#kind', 'oz');
  await page.fill('#name', 'nightly');
  await page.fill('#prompt', 'build it');
  await page.fill('#cron', '0 3 * * *');
  await page.fill('#timezone', 'Mars/Olympus');
  await page.click('#create button[type=submit]');
  await page.waitForSelector('#error-timezone:not(:empty)');
  assert.match(await page.textContent('#error-timezone'), /time ?zone|timezone/i);
});

test('a bulk pause applies to everything matching the filter and nothing else', async () => {
  for (const name of ['nightly report', 'weekly digest']) {
    const res = await fetch(`${server.baseURL}/api/v1/agent/schedules`, {
      method: 'POST', headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name, prompt: 'summarise', cron_schedule: '0 6 * * *', jitter: '30s' }) });
    assert.equal(res.status, 201);
  }
  await page.click('a[href="#/schedules"]');
  await page.selectOption('select[name=face]', 'oz');
  await page.waitForSelector('text=weekly digest');
  await page.selectOption('#bulk-scope', 'matching');
  page.once('dialog', (dialog) => dialog.accept('quiet week'));
  await page.click('main button:has-text("Pause")');
  await page.waitForSelector('text=Pause: 2 schedule(s).');
  const listed = await (await fetch(`${server.baseURL}/v1/schedules`, { headers: { Authorization: `Bearer ${ADMIN_KEY}` } })).json();
  const byKind = Object.fromEntries(listed.schedules.map((s) => [s.name || s.agent_id, `${s.state} ${s.paused_reason || ''}`.trim()]));
  assert.equal(byKind['nightly report'], 'paused quiet week');
  assert.equal(byKind['weekly digest'], 'paused quiet week');
  assert.equal(byKind[AGENT], 'active', 'the Letta schedule was outside the filter');
  await shot('bulk-paused');
});

test('an agent run is edited in place and keeps what the form does not show', async () => {
  const listed = await (await fetch(`${server.baseURL}/v1/schedules?q=nightly%20report`, { headers: { Authorization: `Bearer ${ADMIN_KEY}` } })).json();
  const id = listed.schedules[0].id;
  await page.goto(`${server.baseURL}/#/schedule/${id}`);
  await page.click('a:has-text("Edit")');
  await page.waitForSelector('#preview table');
  assert.equal(await page.inputValue('#prompt'), 'summarise');
  await page.fill('#prompt', 'summarise, and list what failed');
  await page.fill('#cron', '30 7 * * 1-5');
  await page.waitForSelector('#preview >> text=07:30');
  await shot('edit');
  await page.click('#create button[type=submit]');
  await page.waitForSelector('text=Runs');

  const item = await (await fetch(`${server.baseURL}/api/v1/agent/schedules/${id}`, { headers: { Authorization: `Bearer ${ADMIN_KEY}` } })).json();
  assert.equal(item.prompt, 'summarise, and list what failed');
  assert.equal(item.cron_schedule, '30 7 * * 1-5');
  assert.equal(item.jitter, '30s', 'a policy the form does not show is kept');
  assert.equal(item.enabled, false, 'it stays paused');
});

test('an admin creates a read-only key, and that key is offered nothing that changes anything', async () => {
  await page.click('a[href="#/keys"]');
  await page.fill('#key-name', 'wall screen');
  await page.fill('#key-principal', 'admin');
  await page.selectOption('#key-role', 'viewer');
  await page.click('text=Create key');
  const viewerKey = (await page.textContent('#new-key')).trim();
  assert.match(viewerKey, /\S{20,}/);

  await page.click('text=Sign out');
  await signIn(viewerKey);
  await page.click('a[href="#/schedules"]');
  await page.waitForSelector(`text=${AGENT}`);
  assert.equal(await page.locator('button', { hasText: /Pause|Run now|Delete|Resume/ }).count(), 0);
  assert.equal(await page.locator('a[href="#/new"]').isVisible(), false);
  assert.equal(await page.locator('a[href="#/keys"]').isVisible(), false);
  await shot('read-only');

  const refused = await page.evaluate(async (key) => (await fetch('v1/schedules/none/pause', {
    method: 'POST', headers: { Authorization: `Bearer ${key}` } })).status, viewerKey);
  assert.equal(refused, 403);
});

test('behind a proxy that keeps the path prefix, the dashboard and every request it makes stay under the prefix', async () => {
  const prefixed = await startAgentcron({ AGENTCRON_API_KEY: ADMIN_KEY, AGENTCRON_BASE_PATH: '/agentcron' });
  const under = `${prefixed.baseURL}/agentcron/`;
  const tab = await context.newPage();
  try {
    const requested = [];
    tab.on('request', (request) => requested.push(request.url()));
    tab.on('pageerror', (error) => problems.push(error.message));
    const res = await fetch(`${under}api/v1/agent/schedules`, {
      method: 'POST', headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'behind the proxy', prompt: 'hello', cron_schedule: '0 6 * * *' }) });
    assert.equal(res.status, 201);

    await tab.goto(`${prefixed.baseURL}/agentcron`);
    assert.equal(tab.url(), under, 'the bare prefix is sent to the page with its slash');
    assert.equal(requested[0], `${prefixed.baseURL}/agentcron`, 'the first request was the one typed');
    await tab.fill('#key', ADMIN_KEY);
    await tab.click('button[type=submit]');
    await tab.waitForSelector('text=Next fires');
    await tab.click('a[href="#/schedules"]');
    await tab.waitForSelector('text=behind the proxy');
    await tab.screenshot({ path: join(shots, 'under-a-prefix.png'), fullPage: true });

    assert.ok(requested.some((url) => url.includes('/agentcron/v1/schedules')), 'the API is asked under the prefix');
    for (const url of requested.slice(1)) {
      assert.ok(url.startsWith(under), `a request outside the prefix: ${url}`);
    }
  } finally {
    await tab.close();
    await prefixed.stop();
  }
});
