// Acceptance: Letta's own CLI, `letta cron add` from letta-code, unchanged, against agentcron, without
// `--runner cloud`. letta-code asks GET /v1/environments/{device_id} about the computer it runs on; agentcron asks
// the Letta server it delivers to. A computer connected to Letta gets a durable schedule here that is delivered to
// that computer; one Letta does not know keeps its schedule on the computer, as letta-code does with Letta Cloud.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fakeLetta, startAgentcron } from './server.mjs';

const KEY = 'letta-cron-key';
const AGENT = 'agent-00000000-0000-4000-8000-0000000000c1';
const lettaCode = join(dirname(fileURLToPath(import.meta.url)), 'node_modules', '@letta-ai', 'letta-code', 'letta.js');

let letta, server;

before(async () => {
  letta = await fakeLetta(0, { 'device-laptop': 'connection-laptop' });
  server = await startAgentcron({ AGENTCRON_API_KEY: KEY, AGENTCRON_LETTA_BASE_URL: letta.url, AGENTCRON_LETTA_TOKEN: 'letta-token' });
});

after(async () => {
  await server?.stop();
  await letta?.close();
});

/** `letta ...args` as a user runs it on the computer whose letta-code has `deviceId`, pointed at agentcron; its JSON output. */
async function lettaCli(deviceId, ...args) {
  const { stdout } = await promisify(execFile)(process.execPath, [lettaCode, ...args], {
    timeout: 60_000,
    env: { PATH: process.env.PATH, HOME: mkdtempSync(join(tmpdir(), 'letta-home-')), LETTA_BASE_URL: server.baseURL,
      LETTA_API_KEY: KEY, LETTA_RUNTIME_ENVIRONMENT_DEVICE_ID: deviceId, NO_COLOR: '1' },
  });
  const start = stdout.search(/[[{]/);
  return JSON.parse(stdout.slice(start, Math.max(stdout.lastIndexOf('}'), stdout.lastIndexOf(']')) + 1));
}

const cronAdd = (deviceId, name, ...more) => lettaCli(deviceId, 'cron', 'add', '--agent', AGENT, '--name', name,
  '--description', 'from the CLI', '--prompt', 'check the build', '--every', '5m', ...more);

async function agentcron(path, init = {}) {
  const res = await fetch(`${server.baseURL}${path}`, { ...init, headers: { Authorization: `Bearer ${KEY}`, ...init.headers } });
  return { status: res.status, body: await res.json() };
}

test('on a computer connected to Letta, `letta cron add` makes a durable schedule here that is delivered to that computer', async () => {
  const added = await cronAdd('device-laptop', 'build check');

  assert.equal(added.runner, 'cloud', JSON.stringify(added));
  assert.equal(added.target_device_id, 'device-laptop');
  assert.ok(letta.requests.some((r) => r.method === 'GET' && r.url === '/v1/environments/device-laptop'), 'Letta was asked');
  const stored = await agentcron(`/v1/agents/${AGENT}/schedule/${added.id}`);
  assert.equal(stored.status, 200);
  assert.equal(stored.body.target_device_id, 'device-laptop');
  assert.deepEqual(stored.body.schedule, { type: 'recurring', cron_expression: '*/5 * * * *' });

  const ran = await agentcron(`/v1/schedules/${added.id}/run`, { method: 'POST' });
  assert.equal(ran.status, 200, JSON.stringify(ran.body));
  const handed = await letta.next((r) => r.url === '/v1/environments/connection-laptop/messages');
  const body = JSON.parse(handed.body);
  assert.equal(body.agentId, AGENT);
  assert.equal(body.messages[0].content, 'check the build');
  assert.equal(handed.headers.authorization, 'Bearer letta-token');
});

test('on a computer Letta does not know, letta-code keeps the schedule on the computer, as it does with Letta Cloud', async () => {
  const added = await cronAdd('device-nobody-knows', 'local only');

  assert.equal(added.runner, 'local', JSON.stringify(added));
  assert.match(added.warning, /not connected to your Letta account/);
  const listed = await agentcron(`/v1/agents/${AGENT}/schedule`);
  assert.ok(!listed.body.scheduled_messages.some((s) => s.name === 'local only'), 'nothing was created here');
});

test('`letta cron list` shows the schedules kept here, and `letta cron delete --runner cloud` deletes one', async () => {
  const added = await cronAdd('device-nobody-knows', 'to delete', '--runner', 'cloud');
  assert.equal(added.runner, 'cloud', JSON.stringify(added));

  const listed = await lettaCli('device-nobody-knows', 'cron', 'list', '--agent', AGENT);
  assert.ok(listed.some((s) => s.id === added.id && s.runner === 'cloud'), JSON.stringify(listed));

  const deleted = await lettaCli('device-nobody-knows', 'cron', 'delete', added.id, '--agent', AGENT, '--runner', 'cloud');
  assert.equal(deleted.deleted, added.id, JSON.stringify(deleted));
  assert.equal((await agentcron(`/v1/agents/${AGENT}/schedule/${added.id}`)).status, 404);
});
