// Acceptance: the official Oz TypeScript SDK, unchanged, against a running agentcron whose default runner is
// a command that runs a real script.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OzAPI from 'oz-agent-sdk';
import { startAgentcron } from './server.mjs';

const API_KEY = 'oz-acceptance-key';
let server, client;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentcron-oz-'));
  const agent = join(dir, 'agent.sh');
  writeFileSync(agent, '#!/bin/sh\necho "report for: $AGENTCRON_PROMPT (model $AGENTCRON_MODEL)"\n');
  chmodSync(agent, 0o755);
  server = await startAgentcron({
    AGENTCRON_API_KEY: API_KEY,
    AGENTCRON_RUNNER_SCRIPT_TYPE: 'command',
    AGENTCRON_RUNNER_SCRIPT_COMMAND: agent,
    AGENTCRON_RUNNER_BROKEN_TYPE: 'command',
    AGENTCRON_RUNNER_BROKEN_COMMAND: join(dir, 'agent-that-is-not-installed'),
    AGENTCRON_RUNNER_DEFAULT: 'script',
    AGENTCRON_ROUTES: 'harness=broken:broken',
  });
  client = new OzAPI({ apiKey: API_KEY, baseURL: `${server.baseURL}/api/v1`, maxRetries: 0 });
});

after(async () => {
  await server?.stop();
});

async function finished(runId) {
  for (;;) {
    const run = await client.agent.runs.retrieve(runId);
    if (!['QUEUED', 'INPROGRESS'].includes(run.state)) return run;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('creates, lists, gets, updates, pauses, resumes and deletes a scheduled agent', async () => {
  const created = await client.agent.schedules.create({
    name: 'Weekly dependency review',
    cron_schedule: '0 9 * * 1',
    prompt: 'review dependency updates',
    agent_config: { model_id: 'opus' },
  });
  for (const key of ['id', 'name', 'cron_schedule', 'enabled', 'prompt', 'created_at', 'updated_at']) {
    assert.ok(key in created, `required key ${key}`);
  }
  assert.equal(created.enabled, true);
  assert.equal(created.last_spawn_error, null);
  assert.match(created.history.next_run, /T09:00:00\.000Z$/);

  const other = await client.agent.schedules.create({ name: 'a first by name', cron_schedule: '0 1 * * *', prompt: 'p' });
  const { schedules } = await client.agent.schedules.list();
  const names = schedules.map((s) => s.name);
  assert.ok(names.indexOf('a first by name') < names.indexOf('Weekly dependency review'), 'sorted by name');

  const got = await client.agent.schedules.retrieve(created.id);
  assert.equal(got.prompt, 'review dependency updates');
  assert.equal(got.agent_config.model_id, 'opus');

  const updated = await client.agent.schedules.update(created.id, {
    name: 'Weekly dependency review',
    cron_schedule: '30 8 * * 1-5',
    enabled: true,
    prompt: 'review dependency updates and open PRs',
  });
  assert.equal(updated.cron_schedule, '30 8 * * 1-5');
  assert.equal(updated.agent_config.model_id, 'opus', 'agent_config kept when left out');

  const paused = await client.agent.schedules.pause(created.id);
  assert.equal(paused.enabled, false);
  assert.equal(paused.history.next_run, null);
  const resumed = await client.agent.schedules.resume(created.id);
  assert.equal(resumed.enabled, true);
  assert.match(resumed.history.next_run, /T08:30:00\.000Z$/);

  assert.deepEqual(await client.agent.schedules.delete(created.id), { success: true });
  await assert.rejects(client.agent.schedules.retrieve(created.id), (err) => {
    assert.equal(err.status, 404);
    assert.equal(err.constructor.name, 'NotFoundError');
    assert.match(err.message, /Schedule not found/);
    return true;
  });
  await client.agent.schedules.delete(other.id);
});

test('a schedule runs its command on time and the run shows its output', async () => {
  const schedule = await client.agent.schedules.create({
    name: 'Every minute report',
    cron_schedule: '* * * * *',
    prompt: 'summarise the build',
    agent_config: { model_id: 'sonnet' },
  });
  const due = Date.parse(schedule.history.next_run);

  // The next occurrence fires on the minute; its run is listed by schedule.
  let scheduled;
  while (!scheduled) {
    const { runs } = await client.agent.runs.list({ schedule_id: schedule.id });
    scheduled = runs.find((r) => r.source === 'SCHEDULED_AGENT');
    if (!scheduled) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const run = await finished(scheduled.run_id);
  assert.equal(run.state, 'SUCCEEDED');
  assert.equal(run.output, 'report for: summarise the build (model sonnet)\n');
  assert.deepEqual(run.schedule, { schedule_id: schedule.id, schedule_name: 'Every minute report', cron_schedule: '* * * * *' });
  assert.equal(Date.parse(run.scheduled_for), due);
  assert.ok(Date.parse(run.started_at) >= due, 'never early');
  console.log(`# scheduled run started ${Date.parse(run.started_at) - due} ms after its due time`);

  const after = await client.agent.schedules.retrieve(schedule.id);
  assert.ok(after.history.last_ran, 'last_ran is set');
  assert.ok(Date.parse(after.history.next_run) > due);
  await client.agent.schedules.delete(schedule.id);
});

test('a missing command shows as last_spawn_error and later runs still happen', async () => {
  const schedule = await client.agent.schedules.create({
    name: 'Broken agent',
    cron_schedule: '0 0 1 1 *',
    prompt: 'p',
    agent_config: { harness: { type: 'broken' } },
  });
  const first = await (await fetch(`${server.baseURL}/api/v1/agent/schedules/${schedule.id}/run`, {
    method: 'POST', headers: { authorization: `Bearer ${API_KEY}` },
  })).json();
  const failed = await finished(first.run_id);
  assert.equal(failed.state, 'ERROR');
  assert.match(failed.status_message.message, /cannot start .*agent-that-is-not-installed/);
  const withError = await client.agent.schedules.retrieve(schedule.id);
  assert.match(withError.last_spawn_error, /cannot start/);

  // Fix the routing by editing the schedule: the next run starts, and the error clears.
  await client.agent.schedules.update(schedule.id, {
    name: 'Broken agent', cron_schedule: '0 0 1 1 *', enabled: true, prompt: 'p', agent_config: {},
  });
  const second = await (await fetch(`${server.baseURL}/api/v1/agent/schedules/${schedule.id}/run`, {
    method: 'POST', headers: { authorization: `Bearer ${API_KEY}` },
  })).json();
  assert.equal((await finished(second.run_id)).state, 'SUCCEEDED');
  assert.equal((await client.agent.schedules.retrieve(schedule.id)).last_spawn_error, null);
});

test('starts an ad-hoc run and lists runs with filters', async () => {
  const started = await client.agent.run({ prompt: 'one-off audit', title: 'Audit' });
  assert.equal(started.run_id, started.task_id);
  const run = await finished(started.run_id);
  assert.equal(run.title, 'Audit');
  assert.equal(run.output, 'report for: one-off audit (model )\n');
  const page = await client.agent.runs.list({ limit: 1, state: ['SUCCEEDED'] });
  assert.equal(page.runs.length, 1);
  assert.equal(page.page_info.has_next_page, true);
  await assert.rejects(client.agent.runs.cancel(started.run_id), { status: 400 });
});

test('answers malformed input with problem+json the SDK reports clearly', async () => {
  await assert.rejects(client.agent.schedules.create({ name: 'x', cron_schedule: 'whenever', prompt: 'p' }), (err) => {
    assert.equal(err.status, 400);
    assert.equal(err.constructor.name, 'BadRequestError');
    assert.match(err.message, /cron_schedule/);
    assert.equal(err.error.type, '/reference/api-and-sdk/troubleshooting/errors/invalid-request/');
    return true;
  });
  await assert.rejects(client.agent.schedules.create({ name: 'x', cron_schedule: '0 9 * * *' }), /prompt/);
  const stranger = new OzAPI({ apiKey: 'wrong', baseURL: `${server.baseURL}/api/v1`, maxRetries: 0 });
  await assert.rejects(stranger.agent.schedules.list(), { status: 401 });
});
