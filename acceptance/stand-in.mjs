// A Letta-compatible agent for trying agentcron without a Letta server: answers
// POST /v1/agents/{id}/messages with a LettaResponse, accepts callbacks on any other path,
// and prints both as they arrive.   Usage: node acceptance/stand-in.mjs [port, default 8283]
import { fakeLetta } from './server.mjs';

const port = Number(process.argv[2] ?? 8283);
const server = await fakeLetta(port);
console.log(`stand-in agent listening on ${server.url} (callbacks: ${server.url}/callbacks)`);
let seen = 0;
setInterval(() => {
  for (; seen < server.requests.length; seen++) {
    const r = server.requests[seen];
    const kind = r.url.startsWith('/v1/agents/') ? 'message ' : 'callback';
    const key = r.headers['idempotency-key'] ?? r.headers['webhook-id'];
    console.log(`${new Date().toISOString()} ${kind} ${r.method} ${r.url}${key ? ` [${key}]` : ""}\n  ${r.body}`);
  }
}, 20);
