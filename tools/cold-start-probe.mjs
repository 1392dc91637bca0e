// Cold-start probe: starts both published hosts fresh, times start → /health/ready 200, then one order POST → final.
// usage: node tools/cold-start-probe.mjs PUBLISH_ROOT RUNS [LABEL]   (databases payord_*_cold_hc, vhost payord_cold_hc;
// host logs in $TMPDIR/payord-cold-start). Ports 5801/5802.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { mkdirSync, openSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
const [root, runsArg = '3', label = 'run'] = process.argv.slice(2);
const runs = Number(runsArg);
const logDir = `${tmpdir()}/payord-cold-start`;
mkdirSync(logDir, { recursive: true });
const db = (name) => `Host=localhost;Port=5432;Database=payord_${name}_cold_hc;Username=payord;Password=payord;Maximum Pool Size=10;SSL Mode=Disable`;
const rabbit = 'amqp://guest:guest@localhost:5672/payord_cold_hc';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function start(name, port, run) {
  const dir = `${root}/${name}`;
  const dll = readdirSync(dir).find((f) => /^HsePayord\.Hosts\..*\.dll$/.test(f));
  const Module = name[0].toUpperCase() + name.slice(1);
  const out = openSync(`${logDir}/${label}-${name}-${run}.log`, 'w');
  const t0 = performance.now();
  const child = spawn('dotnet', [`${dir}/${dll}`], { cwd: dir, stdio: ['ignore', out, out], env: { ...process.env,
    ASPNETCORE_URLS: `http://localhost:${port}`, [`ConnectionStrings__${Module}`]: db(name), ConnectionStrings__RabbitMq: rabbit } });
  return { child, t0, url: `http://localhost:${port}` };
}
async function ready(host) {
  for (;;) {
    try { const r = await fetch(`${host.url}/health/ready`); await r.arrayBuffer(); if (r.status === 200) return performance.now() - host.t0; } catch {}
    if (host.child.exitCode !== null) throw new Error('host exited');
    await sleep(5);
  }
}
const json = (method, body, headers = {}) => ({ method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
async function order(orders, userId) {
  const t = performance.now();
  const r = await fetch(`${orders.url}/api/orders`, json('POST', { userId, amount: 1 }, { 'Idempotency-Key': crypto.randomUUID() }));
  const created = await r.json();
  if (r.status !== 202) throw new Error(`POST ${r.status} ${JSON.stringify(created)}`);
  const post = performance.now() - t;
  for (;;) {
    const g = await fetch(`${orders.url}/api/orders/${created.id ?? created.orderId}`); const o = await g.json();
    if (o.status !== 'PaymentPending') return { post, final: performance.now() - t, status: o.status };
    await sleep(1);
  }
}
const results = [];
for (let run = 1; run <= runs; run++) {
  const orders = start('orders', 5801, run), payments = start('payments', 5802, run);
  try {
    const [ro, rp] = await Promise.all([ready(orders), ready(payments)]);
    const userId = `cold-${Date.now()}-${run}`;
    let t = performance.now();
    let r = await fetch(`${payments.url}/api/payments/accounts`, json('POST', { userId })); await r.arrayBuffer();
    r = await fetch(`${payments.url}/api/payments/accounts/${userId}/deposits`, json('POST', { amount: 100 }, { 'Idempotency-Key': crypto.randomUUID() })); await r.arrayBuffer();
    const account = performance.now() - t;
    const first = await order(orders, userId);
    const second = await order(orders, userId);
    const row = { run, readyOrdersMs: Math.round(ro), readyPaymentsMs: Math.round(rp), accountAndDepositMs: Math.round(account),
      firstPostMs: Math.round(first.post), firstFinalMs: Math.round(first.final), firstStatus: first.status,
      secondFinalMs: Math.round(second.final) };
    console.log(JSON.stringify(row)); results.push(row);
  } finally {
    for (const h of [orders, payments]) { h.child.kill('SIGTERM'); }
    await Promise.all([orders, payments].map((h) => h.child.exitCode !== null ? null : new Promise((r) => h.child.on('exit', r))));
  }
}
