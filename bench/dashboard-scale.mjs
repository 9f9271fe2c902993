// Seeds a running agentcron with N schedules through its own APIs (half Letta messages, half Oz agent runs,
// 32 clients at once) and times what the dashboard asks for. Prints a table and writes target/dashboard-scale.json.
//
//   AGENTCRON_RATE_LIMIT=1000000 AGENTCRON_RATE_BURST=1000000 AGENTCRON_MAX_SCHEDULES=200000 \
//     AGENTCRON_API_KEY=scale-key java -jar target/agentcron.jar &
//   node bench/dashboard-scale.mjs http://127.0.0.1:8285 scale-key 100000
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [base, key, total = '100000', first = '0'] = process.argv.slice(2);
if (!base || !key) {
  console.error('usage: node bench/dashboard-scale.mjs BASE_URL KEY [COUNT] [FIRST_INDEX]');
  process.exit(2);
}
const n = Number(total);
const headers = { Authorization: `Bearer ${key}`, 'content-type': 'application/json' };
const deadline = (ms) => AbortSignal.timeout(ms);

let next = Number(first);
const seedStart = Date.now();
async function seeder() {
  for (let i = next++; i < n; i = next++) {
    const cron = `${i % 60} ${i % 24} * * *`;
    const res = i % 2
      ? await fetch(`${base}/v1/agents/agent-${i % 500}/schedule`, { method: 'POST', headers, signal: deadline(30_000),
          body: JSON.stringify({ messages: [{ role: 'user', content: `check-in number ${i}` }], schedule: { type: 'recurring', cron_expression: cron } }) })
      : await fetch(`${base}/api/v1/agent/schedules`, { method: 'POST', headers, signal: deadline(30_000),
          body: JSON.stringify({ name: `job ${i}`, prompt: `do task ${i}`, cron_schedule: cron }) });
    if (res.status !== 201 && res.status !== 200) throw new Error(`create ${i}: ${res.status} ${(await res.text()).slice(0, 200)}`);
  }
}
await Promise.all(Array.from({ length: 32 }, seeder));
const seeded = { schedules: n - Number(first), ms: Date.now() - seedStart };

async function time(label, path, reps = 5) {
  const took = [];
  let bytes = 0;
  for (let r = 0; r < reps; r++) {
    const start = performance.now();
    const res = await fetch(`${base}${path}`, { headers, signal: deadline(30_000) });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text.slice(0, 200)}`);
    took.push(performance.now() - start);
    bytes = text.length;
  }
  took.sort((a, b) => a - b);
  return { label, path, median_ms: +took[Math.floor(reps / 2)].toFixed(1), max_ms: +took[reps - 1].toFixed(1), bytes };
}

const results = [
  await time('schedules page', '/v1/schedules?include=recent_runs&limit=100'),
  await time('filtered by face', '/v1/schedules?include=recent_runs&limit=100&face=oz'),
  await time('paused only', '/v1/schedules?include=recent_runs&limit=100&state=paused'),
  await time('search, no match', '/v1/schedules?include=recent_runs&limit=100&q=nothing-matches-this'),
  await time('overview', '/v1/overview'),
  await time('runs', '/v1/runs?limit=50'),
];
console.log(seeded.schedules > 0
  ? `seeded ${seeded.schedules} schedules in ${(seeded.ms / 1000).toFixed(1)} s (${Math.round(seeded.schedules / (seeded.ms / 1000))}/s)`
  : 'seeded nothing: timing what is there');
console.log('| request | median | max | bytes |\n|---|---|---|---|');
for (const r of results) console.log(`| ${r.label} | ${r.median_ms} ms | ${r.max_ms} ms | ${r.bytes} |`);
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'target', 'dashboard-scale.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ base, seeded, results }, null, 2));
console.log(`wrote ${out}`);
