// Starts the built agentcron jar as a child process and the stand-ins it talks to: a Letta-compatible
// agent server and a callback receiver, both real HTTP servers on loopback.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const jar = join(here, '..', 'target', 'agentcron.jar');

/** An HTTP server that records each request and answers with `answer(request)`. */
export async function recorder(answer, port = 0) {
  const requests = [];
  const waiters = [];
  const server = createServer((req, res) => {
    const arrivedAt = Date.now();
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const request = { method: req.method, url: req.url, headers: req.headers, body, arrivedAt };
      requests.push(request);
      waiters.splice(0).forEach((wake) => wake());
      const { status, json } = answer(request);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    });
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    /** Resolves with the first request matching `predicate`, as soon as it arrives. */
    async next(predicate, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = requests.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error('no matching request arrived');
        await new Promise((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, deadline - Date.now()).unref();
        });
      }
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * A Letta-compatible agent server: POST /v1/agents/{id}/messages answers a LettaResponse. Like Letta Cloud, it
 * knows the computers in `environments` (device id -> connection id), online with a fresh heartbeat: GET
 * /v1/environments/{device_id} describes one and POST /v1/environments/{connection_id}/messages takes a message.
 */
export function fakeLetta(port = 0, environments = {}) {
  return recorder((request) => {
    if (request.url.startsWith('/v1/environments/')) return environment(request, environments);
    if (!request.url.startsWith('/v1/agents/')) return { status: 200, json: {} };
    const agent = request.url.split('/')[3];
    if (agent === 'agent-missing') return { status: 404, json: { detail: 'Agent not found' } };
    const said = JSON.parse(request.body).messages[0].content;
    return {
      status: 200,
      json: {
        messages: [
          { id: 'message-1', message_type: 'reasoning_message', reasoning: 'considering' },
          { id: 'message-2', message_type: 'assistant_message', content: `heard: ${said}`, run_id: 'run-letta-1' },
        ],
        stop_reason: { message_type: 'stop_reason', stop_reason: 'end_turn' },
        usage: { message_type: 'usage_statistics', total_tokens: 12, step_count: 1, run_ids: ['run-letta-1'] },
      },
    };
  }, port);
}

function environment(request, environments) {
  const [, , , id, action] = request.url.split('/');
  if (request.method === 'POST' && action === 'messages') return { status: 200, json: { success: true, message: 'Message sent' } };
  const connectionId = environments[decodeURIComponent(id)];
  if (!connectionId) return { status: 404, json: { detail: 'Environment not found' } };
  const now = Date.now();
  return {
    status: 200,
    json: { id: `env-${id}`, connectionId, deviceId: decodeURIComponent(id), connectionName: 'laptop', organizationId: 'org-1',
      podId: null, connectedAt: now, lastHeartbeat: now, lastSeenAt: now, firstSeenAt: now },
  };
}

/** Starts agentcron; resolves once it serves, with its base URL and a `stop()`. */
export async function startAgentcron(env) {
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const dataDir = mkdtempSync(join(tmpdir(), 'agentcron-acceptance-'));
  const child = spawn(java, ['-jar', jar], {
    env: { ...process.env, AGENTCRON_PORT: '0', AGENTCRON_HOST: '127.0.0.1', AGENTCRON_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`agentcron did not start:\n${output}`)), 60_000);
    const onData = (chunk) => {
      output += chunk;
      const match = /serving on http:\/\/[^:]+:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`agentcron exited with ${code}:\n${output}`)));
  });
  return {
    baseURL: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}
