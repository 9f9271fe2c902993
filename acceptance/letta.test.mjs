// Acceptance: the official Letta TypeScript SDK, unchanged, against a running agentcron.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import Letta from '@letta-ai/letta-client';
import { fakeLetta, recorder, startAgentcron } from './server.mjs';

const API_KEY = 'acceptance-key';
const SECRET = 'whsec_' + Buffer.from('acceptance-secret').toString('base64');
const AGENT = 'agent-00000000-0000-4000-8000-000000000001';

let letta, callbacks, server, client;

before(async () => {
  letta = await fakeLetta();
  callbacks = await recorder(() => ({ status: 200, json: {} }));
  server = await startAgentcron({
    AGENTCRON_API_KEY: API_KEY,
    AGENTCRON_LETTA_BASE_URL: letta.url,
    AGENTCRON_LETTA_TOKEN: 'letta-token',
    AGENTCRON_CALLBACK_SECRET: SECRET,
    AGENTCRON_ALLOWED_TARGET_HOSTS: '127.0.0.1',
  });
  client = new Letta({ baseURL: server.baseURL, apiKey: API_KEY, maxRetries: 0 });
});

after(async () => {
  await server?.stop();
  await letta?.close();
  await callbacks?.close();
});

const inAnHour = () => Date.now() + 3_600_000;

test('creates, lists with paging, retrieves and deletes scheduled messages', async () => {
  const agent = 'agent-paging';
  const oneTime = await client.agents.schedule.create(agent, {
    schedule: { type: 'one-time', scheduled_at: inAnHour() },
    messages: [{ role: 'user', content: 'one-time ping' }],
    max_steps: 5,
    include_return_message_types: ['assistant_message'],
  });
  assert.match(oneTime.id, /^scheduled_message-/);
  assert.match(oneTime.next_scheduled_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

  const recurring = await client.agents.schedule.create(agent, {
    schedule: { type: 'recurring', cron_expression: '*/5 * * * *' },
    messages: [{ role: 'user', content: [{ type: 'text', text: 'recurring ping' }] }],
  });
  assert.match(recurring.next_scheduled_at, /:[0-5][05]:00\.000Z$/);

  const first = await client.agents.schedule.list(agent, { limit: '1' });
  assert.equal(first.scheduled_messages.length, 1);
  assert.equal(first.has_next_page, true);
  assert.equal(first.scheduled_messages[0].id, oneTime.id);
  const second = await client.agents.schedule.list(agent, { limit: '1', after: first.scheduled_messages[0].id });
  assert.deepEqual(second.scheduled_messages.map((m) => m.id), [recurring.id]);
  assert.equal(second.has_next_page, false);

  const retrieved = await client.agents.schedule.retrieve(oneTime.id, { agent_id: agent });
  assert.equal(retrieved.agent_id, agent);
  assert.equal(retrieved.schedule.type, 'one-time');
  assert.equal(retrieved.message.max_steps, 5);
  assert.deepEqual(retrieved.message.messages, [{ role: 'user', content: 'one-time ping' }]);
  assert.equal(retrieved.next_scheduled_time, oneTime.next_scheduled_at);

  const recurringRetrieved = await client.agents.schedule.retrieve(recurring.id, { agent_id: agent });
  assert.deepEqual(recurringRetrieved.schedule, { type: 'recurring', cron_expression: '*/5 * * * *' });

  assert.deepEqual(await client.agents.schedule.delete(oneTime.id, { agent_id: agent }), { success: true });
  await assert.rejects(client.agents.schedule.retrieve(oneTime.id, { agent_id: agent }), (err) => {
    assert.equal(err.status, 404);
    assert.equal(err.constructor.name, 'NotFoundError');
    assert.match(err.message, /Scheduled message not found/);
    return true;
  });
  assert.deepEqual(await client.agents.schedule.delete(recurring.id, { agent_id: agent }), { success: true });
  assert.equal((await client.agents.schedule.list(agent, {})).scheduled_messages.length, 0);
});

test('delivers a one-time message on time, records the answer, and sends a signed callback', async () => {
  const scheduledAt = Date.now() + 2_000;
  const created = await client.agents.schedule.create(AGENT, {
    schedule: { scheduled_at: scheduledAt },
    messages: [{ role: 'user', content: 'good morning' }],
    include_return_message_types: ['assistant_message'],
    callback_url: `${callbacks.url}/hooks/agentcron`,
  });

  const delivered = await letta.next((r) => r.url === `/v1/agents/${AGENT}/messages`);
  const receivedAt = delivered.arrivedAt;
  assert.ok(receivedAt >= scheduledAt, 'never early');
  assert.equal(delivered.headers.authorization, 'Bearer letta-token');
  assert.deepEqual(JSON.parse(delivered.body).messages, [{ role: 'user', content: 'good morning' }]);

  const callback = await callbacks.next((r) => r.url === '/hooks/agentcron');
  const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key)
    .update(`${callback.headers['webhook-id']}.${callback.headers['webhook-timestamp']}.${callback.body}`)
    .digest('base64');
  assert.equal(callback.headers['webhook-signature'], `v1,${expected}`);
  const payload = JSON.parse(callback.body);
  assert.equal(payload.status, 'completed');
  assert.equal(payload.run_id, delivered.headers['idempotency-key']);
  assert.equal(payload.metadata.schedule_id, created.id);
  assert.deepEqual(payload.metadata.result.messages.map((m) => m.message_type), ['assistant_message']);

  // One-time messages disappear once fired; their history stays.
  await assert.rejects(client.agents.schedule.retrieve(created.id, { agent_id: AGENT }), { status: 404 });
  const history = await (
    await fetch(`${server.baseURL}/v1/agents/${AGENT}/schedule/${created.id}/history`, {
      headers: { authorization: `Bearer ${API_KEY}` },
    })
  ).json();
  assert.equal(history.history.length, 1);
  assert.equal(history.history[0].status, 'success');
  assert.equal(history.history[0].run_id, 'run-letta-1');
  assert.equal(history.history[0].response.stop_reason.stop_reason, 'end_turn');
  assert.equal(history.history[0].callback.status, 'delivered');
  console.log(`# delivered ${history.history[0].lateness_ms} ms after its due time (fire commit), ` +
    `${receivedAt - scheduledAt} ms until the agent had it`);
});

test('answers malformed input with a 4xx the SDK reports clearly', async () => {
  const cases = [
    [{ schedule: { scheduled_at: inAnHour() }, messages: [] }, /messages/],
    [{ schedule: { scheduled_at: Date.now() - 1000 }, messages: [{ role: 'user', content: 'x' }] }, /in the past/],
    [{ schedule: { type: 'recurring', cron_expression: 'often' }, messages: [{ role: 'user', content: 'x' }] }, /cron/],
    [{ schedule: { type: 'weekly' }, messages: [{ role: 'user', content: 'x' }] }, /schedule\.type/],
    [{ schedule: { scheduled_at: inAnHour() }, messages: [{ role: 'robot', content: 'x' }] }, /role/],
  ];
  for (const [body, message] of cases) {
    await assert.rejects(client.agents.schedule.create(AGENT, body), (err) => {
      assert.equal(err.status, 400);
      assert.equal(err.constructor.name, 'BadRequestError');
      assert.match(err.message, message);
      return true;
    });
  }
  await assert.rejects(client.agents.schedule.list(AGENT, { limit: 'many' }), { status: 400 });
  const anonymous = new Letta({ baseURL: server.baseURL, apiKey: 'wrong', maxRetries: 0 });
  await assert.rejects(anonymous.agents.schedule.list(AGENT, {}), { status: 401 });
});
