// npm run bench: how fast Foyer answers the calls the ClearML SDK makes most, as ratios to a bare Fastify endpoint
// measured in the same run on the same machine.
//
// Measured, each at 1 and 50 connections:
//   bare    GET /bare.ping on a bare Fastify app (same Fastify copy as Foyer), JSON body {} in, a small object out
//   login   GET /auth.login with Basic access_key:secret_key, no body (as the SDK and the agent sign in)
//   bearer  GET /v2.23/users.get_current_user with a Bearer token, JSON body {} (as the SDK makes every later call)
// All three get the same client headers (user agent, X-ClearML-Client, X-ClearML-Worker).
//
// Rounds: at each connection count every target is warmed up (BENCH_WARMUP_SECONDS, default 2 s), then measured in
// BENCH_ROUNDS rounds (default 3) of BENCH_SECONDS each (default 3 s), the three targets one after another in every
// round. A ratio is taken within a round (the target's req/s over the bare endpoint's in that round), and the table
// shows the median of the rounds with their range. On a shared virtual machine the bare endpoint's throughput drifts
// by 10-20% from one minute to the next; measuring each target in one block after the other let that drift fall on
// whichever target came later, interleaving spreads it over all three.
//
// Where the load comes from: a CHILD PROCESS (this same file, forked with --load-generator), not a worker thread
// and not the server's own event loop. On a 2-core machine the generator and the server must not share an event
// loop, or every request would wait for the generator and the ratios would mean nothing. A worker thread would
// also get its own loop, but it shares the process: the libuv threadpool, the native allocator, and above all
// process.cpuUsage(), which could then no longer tell server CPU from generator CPU. A separate process is what a
// real client is, and lets the table show both sides' CPU use: when the generator sits near 100% of a core on the
// bare endpoint, the bare figure is capped by the generator and the ratios read higher than the truth (a note says so).
// The bare app and Foyer live in this process, but only one of them is under load at a time.
//
// Latency is recorded from autocannon's per-response events in microseconds (its own histogram rounds to whole
// milliseconds, too coarse at 1 connection), pooled over a target's rounds for p50 and p99; req/s is completed
// responses over a run's wall time. Any non-2xx response, socket error or timeout during a run makes that run
// INVALID (and the exit code 1). A target missed is reported as BELOW TARGET with exit code 0: this is a
// measurement, not a test.
//
// Storage: SQLite in a temporary data dir, or PostgreSQL when DATABASE_URL is set (passed through as is: point it at
// a scratch database). On PostgreSQL the bench user it creates, with its credentials and sessions, is deleted at the end.
// Every key login opens a server-side session row, by design (the logins of one tick share a commit);
// password throttling never applies to key logins. The Bearer target repeats one token, so after its first call
// the node answers from what it remembers of that session plus a read of the auth epoch, which the calls of one
// event-loop turn share (see sign-in-cache.ts).
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

const LOAD_GENERATOR_FLAG = '--load-generator';
const CONNECTION_COUNTS = [1, 50] as const;
const TARGETS = { bearer: 0.6, login: 0.4 } as const;

// ---------------------------------------------------------------- shared between the two processes

interface RunRequest {
  type: 'run';
  id: number;
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  connections: number;
  seconds: number;
  /** latencies are pooled per series (one target at one connection count) for the percentiles; warm-ups have none */
  series?: string;
}

interface RunResult {
  type: 'result';
  id: number;
  requests: number;
  reqPerSec: number;
  /** of every run of the series so far (this run alone when it has no series) */
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** CPU time of the load generator during the run, as a share of one core */
  cpuShare: number;
}

// ---------------------------------------------------------------- the load generator (child process)

interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
  requests: { total: number };
}
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTimeMs: number) => void): void;
}
type Autocannon = (
  options: {
    url: string;
    method: string;
    headers: Record<string, string>;
    body?: string;
    connections: number;
    duration: number;
    pipelining: number;
    timeout: number;
  },
  done: (error: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

function runLoadGenerator(): void {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon; // no type package; the shape used is declared above
  const send = (message: RunResult | { type: 'ready' } | { type: 'failed'; id: number; message: string }) => process.send!(message);
  const pooled = new Map<string, number[]>();

  process.on('message', (message: RunRequest) => {
    if (message.type !== 'run') return;
    const latencies: number[] = [];
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    const instance = autocannon(
      {
        url: message.url,
        method: message.method,
        headers: message.headers,
        ...(message.body !== undefined ? { body: message.body } : {}),
        connections: message.connections,
        duration: message.seconds,
        pipelining: 1,
        timeout: 10,
      },
      (error, result) => {
        if (error) return send({ type: 'failed', id: message.id, message: error.message });
        const wallUs = Number(process.hrtime.bigint() - started) / 1000;
        const cpu = process.cpuUsage(cpuBefore);
        let all = latencies;
        if (message.series !== undefined) {
          all = (pooled.get(message.series) ?? []).concat(latencies);
          pooled.set(message.series, all);
        }
        const sorted = Float64Array.from(all).sort();
        const statusCodes: Record<string, number> = {};
        for (const [code, stat] of Object.entries(result.statusCodeStats)) statusCodes[code] = stat.count;
        send({
          type: 'result',
          id: message.id,
          requests: result.requests.total,
          reqPerSec: result.requests.total / result.duration,
          p50Ms: percentile(sorted, 0.5),
          p99Ms: percentile(sorted, 0.99),
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCodes,
          cpuShare: (cpu.user + cpu.system) / wallUs,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTimeMs) => latencies.push(responseTimeMs));
  });
  process.on('disconnect', () => process.exit(0)); // the bench is gone: so are we
  send({ type: 'ready' });
}

// ---------------------------------------------------------------- the bench (parent process)

class LoadGenerator {
  private nextId = 1;
  private pending = new Map<number, { resolve: (result: RunResult) => void; reject: (error: Error) => void }>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: RunResult | { type: 'failed'; id: number; message: string }) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.type === 'result') waiter.resolve(message);
      else waiter.reject(new Error(`load generator: ${message.message}`));
    });
    child.on('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`load generator exited with code ${code}`));
      this.pending.clear();
    });
  }

  static start(): Promise<LoadGenerator> {
    // Same loader flags as this process (tsx), minus profiling and inspection: `node --cpu-prof` profiles the server only.
    const execArgv: string[] = [];
    const skipWithValue = new Set(['--cpu-prof-dir', '--cpu-prof-name', '--cpu-prof-interval', '--heap-prof-dir', '--heap-prof-name', '--heap-prof-interval']);
    for (let i = 0; i < process.execArgv.length; i++) {
      const arg = process.execArgv[i]!;
      if (skipWithValue.has(arg)) i++;
      else if (!/^--(cpu-prof|heap-prof|prof|inspect)/.test(arg)) execArgv.push(arg);
    }
    const child = fork(fileURLToPath(import.meta.url), [LOAD_GENERATOR_FLAG], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`load generator exited with code ${code} before it was ready`)));
      child.once('message', (message: { type: string }) => {
        if (message.type === 'ready') resolve(new LoadGenerator(child));
        else reject(new Error(`load generator said ${JSON.stringify(message)} instead of ready`));
      });
    });
  }

  run(spec: Omit<RunRequest, 'type' | 'id'>): Promise<RunResult> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ type: 'run', id, ...spec } satisfies RunRequest);
    });
  }

  close(): void {
    if (this.child.connected) this.child.disconnect();
  }
}

interface Target {
  key: 'bare' | 'login' | 'bearer';
  label: string;
  url: string;
  method: 'GET';
  headers: Record<string, string>;
  body?: string;
  /** checks one answer, before any measuring */
  check(status: number, body: any): string | undefined;
}

/** One measured run of one target in one round. */
interface Run {
  result: RunResult;
  serverCpuShare: number;
  /** the rest of the machine (other processes, the kernel's network work) during the run */
  othersCpuShare: number;
  valid: boolean;
}

/** A target at one connection count, over all rounds. */
interface Row {
  target: Target;
  connections: number;
  /** one per round, in round order */
  runs: Run[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A number from the environment, within [1, max] (and whole when `what` counts things), or the fallback when unset. */
function envNumber(name: string, fallback: number, max: number, what: 'seconds' | 'count'): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 1 || value > max || (what === 'count' && !Number.isInteger(value))) {
    throw new Error(`${name} must be ${what === 'count' ? 'a whole number' : 'a number of seconds'} from 1 to ${max}, got "${raw}"`);
  }
  return value;
}

/** node:http, since fetch refuses a body on GET, which is what the ClearML clients send. */
function httpCall(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const allHeaders = body !== undefined ? { ...headers, 'content-length': String(Buffer.byteLength(body)) } : headers;
    const req = request(url, { method, headers: allHeaders }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text;
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function basic(user: string, secret: string): string {
  return `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
}

function urlOf(app: FastifyInstance): string {
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/** CPU time of the whole machine (every process and the kernel), in ms; with `since`, the busy cores since then. */
function machineBusy(): { busyMs: number; at: bigint };
function machineBusy(since: { busyMs: number; at: bigint }): number;
function machineBusy(since?: { busyMs: number; at: bigint }): { busyMs: number; at: bigint } | number {
  const busyMs = cpus().reduce((sum, cpu) => sum + cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq, 0);
  const at = process.hrtime.bigint();
  if (!since) return { busyMs, at };
  return (busyMs - since.busyMs) / (Number(at - since.at) / 1e6);
}

function fmt(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

async function main(): Promise<void> {
  const measureSeconds = envNumber('BENCH_SECONDS', 3, 600, 'seconds');
  const warmupSeconds = envNumber('BENCH_WARMUP_SECONDS', 2, 600, 'seconds');
  const rounds = envNumber('BENCH_ROUNDS', 3, 50, 'count');
  const [{ default: Fastify }, { createFoyer }, { loadConfig }, { createUserAccount }] = await Promise.all([
    import('fastify'),
    import('../src/app.ts'),
    import('../src/config.ts'),
    import('../src/users/accounts.ts'),
  ]);
  const benchFastify = (createRequire(import.meta.url)('fastify/package.json') as { version: string }).version;
  const foyerFastify = (createRequire(new URL('../src/app.ts', import.meta.url))('fastify/package.json') as { version: string }).version;
  const autocannonVersion = (createRequire(import.meta.url)('autocannon/package.json') as { version: string }).version;

  const dataDir = mkdtempSync(join(tmpdir(), 'foyer-bench-'));
  const cleanups: Array<() => Promise<void> | void> = [() => rmSync(dataDir, { recursive: true, force: true })];
  let generator: LoadGenerator | undefined;
  try {
    // ---- Foyer, in this process, on a real socket
    const config = loadConfig({ ...process.env, FOYER_DATA_DIR: dataDir, FOYER_HOST: '127.0.0.1', FOYER_LOG_LEVEL: 'warn' });
    const foyer = await createFoyer(config);
    const closeFoyer = () => foyer.close();
    cleanups.unshift(closeFoyer);
    await foyer.api.listen({ host: '127.0.0.1', port: 0 });
    const apiUrl = urlOf(foyer.api);

    // ---- the bare endpoint: same Fastify, bodies parsed on GET as Foyer does, a small JSON object back
    const bare = Fastify({ logger: false });
    bare.addHttpMethod('GET', { hasBody: true, overrideExisting: true });
    const ping = async () => ({ ok: true, service: 'bare', n: 1 });
    bare.route({ method: ['GET', 'POST'], url: '/bare.ping', handler: ping });
    cleanups.unshift(() => bare.close());
    await bare.listen({ host: '127.0.0.1', port: 0 });
    const bareUrl = urlOf(bare);

    // ---- an administrator, signed in with the password, who creates a key pair through the API
    const email = `bench-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
    const password = `bench-password-${Math.random().toString(36).slice(2)}`;
    const { userId } = await createUserAccount(foyer.services.db, config, { email, password, name: 'Bench Admin', serverRole: 'admin', now: Date.now() });
    if (foyer.services.dialect === 'postgres') {
      cleanups.splice(cleanups.indexOf(closeFoyer), 0, async () => {
        await foyer.services.lastUsed.flush();
        await foyer.services.db.deleteFrom('users').where('id', '=', userId).execute(); // cascades to its credentials and sessions
      });
    }
    const signIn = await httpCall(`${apiUrl}/auth.login`, 'POST', { authorization: basic(email, password) });
    const passwordToken = signIn.body?.data?.token as string | undefined;
    if (signIn.status !== 200 || !passwordToken) throw new Error(`auth.login with the password: HTTP ${signIn.status} ${JSON.stringify(signIn.body)}`);
    const created = await httpCall(
      `${apiUrl}/auth.create_credentials`,
      'POST',
      { authorization: `Bearer ${passwordToken}`, 'content-type': 'application/json' },
      JSON.stringify({ label: 'bench' }),
    );
    const keys = created.body?.data?.credentials as { access_key: string; secret_key: string } | undefined;
    if (created.status !== 200 || !keys?.access_key || !keys.secret_key) {
      throw new Error(`auth.create_credentials: HTTP ${created.status} ${JSON.stringify(created.body)}`);
    }

    // The SDK's own headers; the same on all three targets so the transport work is the same.
    const clientHeaders = {
      'user-agent': 'python-requests/2.32.3',
      accept: '*/*',
      'x-clearml-client': 'clearml-2.1.7',
      'x-clearml-worker': 'bench-host',
    };
    const keyAuthorization = basic(keys.access_key, keys.secret_key);
    // The Bearer token comes from a key login, as the SDK's does (so each call also records the key's last use).
    const keyLogin = await httpCall(`${apiUrl}/auth.login`, 'GET', { ...clientHeaders, authorization: keyAuthorization });
    const keyToken = keyLogin.body?.data?.token as string | undefined;
    if (keyLogin.status !== 200 || !keyToken) throw new Error(`auth.login with the key pair: HTTP ${keyLogin.status} ${JSON.stringify(keyLogin.body)}`);

    const jsonBody = { ...clientHeaders, 'content-type': 'application/json' };
    const targets: Target[] = [
      {
        key: 'bare',
        label: 'bare Fastify GET /bare.ping',
        url: `${bareUrl}/bare.ping`,
        method: 'GET',
        headers: jsonBody,
        body: '{}',
        check: (status, body) => (status === 200 && body?.ok === true ? undefined : 'expected 200 {ok: true}'),
      },
      {
        key: 'login',
        label: 'auth.login (Basic key pair)',
        url: `${apiUrl}/auth.login`,
        method: 'GET',
        headers: { ...clientHeaders, authorization: keyAuthorization },
        check: (status, body) => (status === 200 && typeof body?.data?.token === 'string' ? undefined : 'expected 200 with data.token'),
      },
      {
        key: 'bearer',
        label: 'users.get_current_user (Bearer)',
        url: `${apiUrl}/v2.23/users.get_current_user`,
        method: 'GET',
        headers: { ...jsonBody, authorization: `Bearer ${keyToken}` },
        body: '{}',
        check: (status, body) => (status === 200 && body?.data?.user?.id === userId ? undefined : 'expected 200 with data.user.id of the bench user'),
      },
    ];

    // ---- every target answers 200 before anything is measured
    for (const target of targets) {
      const answer = await httpCall(target.url, target.method, target.headers, target.body);
      const problem = target.check(answer.status, answer.body);
      if (problem) throw new Error(`${target.label} is not ready: ${problem}; got HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 400)}`);
    }

    generator = await LoadGenerator.start();
    cleanups.unshift(() => generator?.close());

    const cpu = cpus();
    console.log('Foyer bench');
    console.log(`  node ${process.version}, ${cpu.length} CPU${cpu.length === 1 ? '' : 's'} (${cpu[0]?.model.trim() ?? 'unknown'})`);
    console.log(`  dialect ${foyer.services.dialect}, fastify ${foyerFastify} (bare app: ${benchFastify}), autocannon ${autocannonVersion}`);
    console.log(
      `  load from a separate process, 1 request in flight per connection; at each connection count a ${warmupSeconds} s warm-up per target,\n` +
        `  then ${rounds} round${rounds === 1 ? '' : 's'} of ${measureSeconds} s per target (bare, login, bearer in every round)`,
    );
    const quiet = machineBusy();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const othersBefore = machineBusy(quiet);
    console.log(
      `  other processes used ${fmt(othersBefore * 100, 0)}% of a core in the second before the first measurement` +
        (othersBefore > 0.1 ? ': the machine is not quiet, figures may be skewed (see the "others" column)' : ''),
    );
    if (benchFastify !== foyerFastify) console.log(`  WARNING: the bare app runs fastify ${benchFastify}, Foyer ${foyerFastify}`);
    console.log('');

    const rows: Row[] = [];
    const bad = (r: RunResult) => r.non2xx + r.errors + r.timeouts;
    for (const connections of CONNECTION_COUNTS) {
      const specs = targets.map((target) => ({
        target,
        spec: { url: target.url, method: target.method, headers: target.headers, ...(target.body !== undefined ? { body: target.body } : {}), connections },
      }));
      const connectionRows = targets.map((target): Row => ({ target, connections, runs: [] }));
      rows.push(...connectionRows);
      process.stdout.write(`  ${connections} connection${connections === 1 ? '' : 's'}: warming up... `);
      const warmUpProblems: string[] = [];
      for (const { target, spec } of specs) {
        const warm = await generator.run({ ...spec, seconds: warmupSeconds });
        if (bad(warm) > 0) warmUpProblems.push(`${target.key} ${warm.non2xx} non-2xx, ${warm.errors} errors, ${warm.timeouts} timeouts; status codes ${JSON.stringify(warm.statusCodes)}`);
      }
      console.log(warmUpProblems.length === 0 ? 'done' : `ERRORS (${warmUpProblems.join('; ')})`);
      for (let round = 1; round <= rounds; round++) {
        const line: string[] = [];
        for (const [index, { target, spec }] of specs.entries()) {
          const cpuBefore = process.cpuUsage();
          const machineBefore = machineBusy();
          const started = process.hrtime.bigint();
          const result = await generator.run({ ...spec, seconds: measureSeconds, series: `${target.key}@${connections}` });
          const wallUs = Number(process.hrtime.bigint() - started) / 1000;
          const used = process.cpuUsage(cpuBefore);
          const machine = machineBusy(machineBefore);
          const serverCpuShare = (used.user + used.system) / wallUs;
          const valid = bad(result) === 0 && warmUpProblems.length === 0;
          const row = connectionRows[index]!;
          row.runs.push({ result, serverCpuShare, othersCpuShare: Math.max(0, machine - serverCpuShare - result.cpuShare), valid });
          line.push(`${target.key} ${valid ? Math.round(result.reqPerSec) : 'INVALID'}`);
          if (bad(result) > 0) line.push(`(${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts; status codes ${JSON.stringify(result.statusCodes)})`);
        }
        console.log(`    round ${round}: ${line.join(', ')} req/s`);
      }
    }

    // ---- the table: medians over the rounds; p50 and p99 over every response of the rounds
    const isValid = (row: Row) => row.runs.every((run) => run.valid);
    const bareOf = (connections: number) => rows.find((row) => row.target.key === 'bare' && row.connections === connections)!;
    /** req/s over the bare endpoint's req/s in the same round, one per round */
    const ratiosOf = (row: Row) => row.runs.map((run, round) => run.result.reqPerSec / bareOf(row.connections).runs[round]!.result.reqPerSec);
    const ratioOf = (row: Row) => median(ratiosOf(row));
    const percent = (share: number) => `${Math.round(share * 100)}%`;
    const header = ['target', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'ratio', 'ratio range', 'non-2xx/err', 'server CPU', 'loadgen CPU', 'others'];
    const lines = rows.map((row) => {
      const last = row.runs[row.runs.length - 1]!.result;
      const ratios = ratiosOf(row);
      const errors = row.runs.reduce((sum, run) => sum + run.result.errors + run.result.timeouts, 0);
      return [
        row.target.label,
        String(row.connections),
        fmt(median(row.runs.map((run) => run.result.reqPerSec)), 0),
        fmt(last.p50Ms, 3),
        fmt(last.p99Ms, 3),
        fmt(median(ratios), 3) + (isValid(row) ? '' : ' INVALID'),
        `${fmt(Math.min(...ratios), 3)}-${fmt(Math.max(...ratios), 3)}`,
        `${row.runs.reduce((sum, run) => sum + run.result.non2xx, 0)}/${errors}`,
        percent(median(row.runs.map((run) => run.serverCpuShare))),
        percent(median(row.runs.map((run) => run.result.cpuShare))),
        percent(median(row.runs.map((run) => run.othersCpuShare))),
      ];
    });
    const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
    const render = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
    console.log('');
    console.log(render(header));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const line of lines) console.log(render(line));
    console.log('');
    console.log(
      `  req/s, ratio and CPU are medians of the ${rounds} round${rounds === 1 ? '' : 's'}; ratio = req/s over the bare endpoint's req/s in the same round;\n` +
        '  CPU in % of one core: server = this process, loadgen = the child,\n' +
        `  others = the rest of the machine (other processes, kernel) out of ${cpus().length * 100}%`,
    );

    // ---- the two targets
    console.log('');
    const checks: Array<{ key: 'bearer' | 'login'; name: string; min: number }> = [
      { key: 'bearer', name: 'Bearer users.get_current_user', min: TARGETS.bearer },
      { key: 'login', name: 'key-pair auth.login', min: TARGETS.login },
    ];
    for (const check of checks) {
      const verdicts = CONNECTION_COUNTS.map((connections) => {
        const row = rows.find((r) => r.target.key === check.key && r.connections === connections)!;
        const ratio = ratioOf(row);
        const verdict = !isValid(row) || !isValid(bareOf(connections)) ? 'INVALID' : ratio >= check.min ? 'PASS' : 'BELOW TARGET';
        return `${connections} conn ${fmt(ratio, 3)} ${verdict}`;
      });
      console.log(`  ${check.name} >= ${check.min.toFixed(2)} x bare: ${verdicts.join('; ')}`);
    }
    for (const connections of CONNECTION_COUNTS) {
      const generatorShare = median(bareOf(connections).runs.map((run) => run.result.cpuShare));
      if (generatorShare >= 0.9) {
        console.log(
          `  note: at ${connections} connection${connections === 1 ? '' : 's'} the load generator used ${percent(generatorShare)} of a core on the bare endpoint, ` +
            'so the bare figure may be capped by the generator and the ratios read high',
        );
      }
    }
    if (rows.some((row) => !isValid(row))) {
      console.log('  some runs had errors: those figures are INVALID');
      process.exitCode = 1;
    }
  } finally {
    for (const cleanup of cleanups) {
      try {
        await cleanup();
      } catch (error) {
        console.error('cleanup:', error);
      }
    }
  }
}

if (process.argv.includes(LOAD_GENERATOR_FLAG)) {
  runLoadGenerator();
} else {
  main().catch((error: unknown) => {
    console.error(`\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  });
}
