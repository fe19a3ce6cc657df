// `npm run bench:soak`: the production build under a few minutes of broken and hostile requests
// mixed with normal work. Reports how often the server process ended (must be 0), its peak
// memory, whether normal requests kept being answered, and runs `npm run cli -- check` on the
// data folder afterwards. SOAK_SECONDS (default 180) and SOAK_CLIENTS (default 8) change the run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { rawExchange, streamUntilAnswered, type RawAnswer, type Step } from '../fixtures/raw-http';
import { freePort, ROOT } from './server';

const SECONDS = Number(process.env['SOAK_SECONDS'] ?? 180);
const CLIENTS = Number(process.env['SOAK_CLIENTS'] ?? 8);
const MB = 1024 * 1024;
const log = (s: string) => process.stdout.write(s + '\n');

// --- the server, restarted should it ever end (each end is counted) -----------------------
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-soak-'));
let port = 0;
let child: ChildProcess;
let exits = 0;
let stopping = false;
let peakRssMb = 0;
const exitNotes: string[] = [];
let stderrTail = '';
let stackLines = 0;
let uncaught = 0;
let errorLines = 0;

function watchOutput(text: string): void {
  stderrTail = (stderrTail + text).slice(-4000);
  stackLines += (text.match(/^\s+at .+[:(]\d+:\d+\)?$/gm) ?? []).length;
  uncaught += (text.match(/"event":"uncaught-exception"/g) ?? []).length;
  errorLines += (text.match(/\[ERROR\]/g) ?? []).length;
}

async function startServer(): Promise<void> {
  port ||= await freePort();
  child = spawn(process.execPath, ['--max-semi-space-size=8', 'dist/cli/start.mjs', '--no-build'], {
    cwd: ROOT,
    env: { ...process.env, WISSENSNETZ_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', WISSENSNETZ_LOG_REQUESTS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => watchOutput(String(d)));
  child.stderr!.on('data', (d) => watchOutput(String(d)));
  child.once('exit', (code, signal) => {
    if (stopping) return;
    exits++;
    exitNotes.push(`exit ${code ?? signal} at ${new Date().toISOString()}:\n${stderrTail.slice(-1500)}`);
    void startServer();
  });
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start:\n${stderrTail}`);
}

function sampleRss(): void {
  try {
    const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
    peakRssMb = Math.max(peakRssMb, Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024);
  } catch {
    // between a crash and the restart
  }
}

// --- accounts and requests ------------------------------------------------------------------
const url = () => `http://127.0.0.1:${port}`;
const UPLOAD = '/coesfeld/beitraege/medienentwicklungsplan-2024-2029/dateien';
const REUSE = '/duelmen/beitraege/vorlage-dsfa-lernplattform/nachnutzung';
const BOUNDARY = '----SoakGrenze';
const cookies: Record<string, string> = {};

function account(tenant: string, role: string): { email: string; password: string } {
  const line = fs.readFileSync(path.join(dataDir, 'demo-zugaenge.txt'), 'utf8').split('\n').find((l) => l.endsWith(` ${tenant} ${role}`))!;
  const [email, password] = line.split(' ');
  return { email: email!, password: password! };
}

async function signIn(name: string, tenant: string, role: string): Promise<void> {
  const res = await fetch(url() + '/anmelden', {
    method: 'POST',
    headers: { Origin: url(), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...account(tenant, role), next: '/' }),
    redirect: 'manual',
  });
  if (res.status !== 303) throw new Error(`sign-in of ${tenant}/${role}: ${res.status}`);
  cookies[name] = res.headers.getSetCookie().find((c) => c.startsWith('wn_session='))!.split(';')[0]!;
}

function multipart(title: string, file: Buffer, name = 'soak.txt'): Buffer {
  const field = (n: string, v: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n${v}\r\n`;
  return Buffer.concat([
    Buffer.from(field('titel', title) + field('lizenz', 'CC-BY-4.0') + field('version', '1.0') + `--${BOUNDARY}\r\nContent-Disposition: form-data; name="datei"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

function head(method: string, p: string, extra: Record<string, string | undefined> = {}): string {
  const lines = [`${method} ${p} HTTP/1.1`, `Host: 127.0.0.1:${port}`, `Origin: ${url()}`];
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) lines.push(`${k}: ${v}`);
  return lines.join('\r\n') + '\r\n\r\n';
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const text = (bytes: number) => Buffer.from(`Soak ${Date.now()} ${Math.random()}\n`.padEnd(64, '.').repeat(Math.ceil(bytes / 64)).slice(0, bytes));

// --- normal work: must always be answered as expected ------------------------------------
let uploadsStored = 0;
const NORMAL: Record<string, () => Promise<boolean>> = {
  'signed-in page view': async () => {
    const p = pick(['/', '/duelmen/', '/beitraege', '/themenfelder/schule', '/duelmen/beitraege/vorlage-dsfa-lernplattform', '/konto']);
    const res = await fetch(url() + p, { headers: { Cookie: cookies['duelmen']! } });
    return res.status === 200 && (await res.text()).includes('</html>');
  },
  'anonymous page view': async () => (await fetch(url() + pick(['/', '/kommunen', '/hilfe', '/coesfeld/']))).status === 200,
  'upload and delete a file': async () => {
    const title = `Soak ${Date.now()} ${Math.floor(Math.random() * 1e6)}`;
    const body = multipart(title, text(64 * 1024 + Math.floor(Math.random() * 200 * 1024)));
    const res = await fetch(url() + UPLOAD, { method: 'POST', headers: { Origin: url(), Cookie: cookies['coesfeld']!, 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` }, body: new Uint8Array(body), redirect: 'manual' });
    if (res.status !== 303) return false;
    uploadsStored++;
    const page = await (await fetch(url() + UPLOAD, { headers: { Cookie: cookies['coesfeld']! } })).text();
    const id = new RegExp(`<h3[^>]*>${title}</h3>[\\s\\S]*?name="artefakt" value="(\\d+)"`).exec(page)?.[1];
    if (!id) return false;
    const del = await fetch(url() + UPLOAD + '/loeschen', { method: 'POST', headers: { Origin: url(), Cookie: cookies['coesfeld']!, 'Content-Type': 'application/x-www-form-urlencoded' }, body: `artefakt=${id}`, redirect: 'manual' });
    return del.status === 303;
  },
  'Nachnutzung form': async () => {
    const status = pick(['interessiert', 'in_umsetzung', 'uebernommen']);
    const res = await fetch(url() + REUSE, { method: 'POST', headers: { Origin: url(), Cookie: cookies['senden']!, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ kommune: 'senden', status, notiz: 'Soak', aktion: 'speichern' }), redirect: 'manual' });
    return res.status === 303;
  },
};

// --- broken and hostile requests: must never end the server --------------------------------
// Clients wait up to two minutes for an answer, as a browser would: on two loaded cores a
// 25 MB upload takes a while to be parsed, hashed and written before it is found too large.
const ABUSE: Record<string, () => Promise<RawAnswer>> = {
  'upload that breaks off': async () => {
    const body = multipart('Abbruch', text(400 * 1024));
    return rawExchange(port, [head('POST', UPLOAD, { Cookie: cookies['coesfeld'], 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, 'Content-Length': String(body.length) }), body.subarray(0, Math.floor(Math.random() * body.length))], { after: pick(['destroy', 'reset', 'end'] as const) });
  },
  'upload without its closing boundary': async () => {
    const body = multipart('Ohne Ende', text(100 * 1024));
    const cut = body.subarray(0, body.length - 10);
    return rawExchange(port, [head('POST', UPLOAD, { Cookie: cookies['coesfeld'], 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, 'Content-Length': String(cut.length) }), cut], { after: 'keep' });
  },
  'upload over the limit, chunked': () =>
    streamUntilAnswered(port, head('POST', UPLOAD, { Cookie: cookies['coesfeld'], 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, 'Transfer-Encoding': 'chunked' }), { total: 60 * MB, chunked: true, timeout: 120_000 }),
  'anonymous upload, chunked': () => streamUntilAnswered(port, head('POST', UPLOAD, { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, 'Transfer-Encoding': 'chunked' }), { total: 30 * MB, chunked: true, timeout: 120_000 }),
  '1 GB sign-in form, declared': () => streamUntilAnswered(port, head('POST', '/anmelden', { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(1000 * MB) }), { total: 1000 * MB, timeout: 120_000 }),
  '1 GB sign-in form, chunked': () => streamUntilAnswered(port, head('POST', '/anmelden', { 'Content-Type': 'application/x-www-form-urlencoded', 'Transfer-Encoding': 'chunked' }), { total: 1000 * MB, chunked: true, timeout: 120_000 }),
  'malformed multipart form': async () => {
    const body = `--x\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.de\r\n--x`;
    const type = pick(['multipart/form-data', 'multipart/form-data; boundary=anders', 'multipart/form-data; boundary=x']);
    return rawExchange(port, [head('POST', pick(['/anmelden', '/konto', REUSE]), { Cookie: cookies['senden'], 'Content-Type': type, 'Content-Length': String(body.length) }), body], { after: 'keep' });
  },
  'JSON or XML to a form': async () => {
    const body = pick(['{"kommune":"senden","status":"interessiert"}', '<form><status>x</status></form>', 'kommune=senden']);
    return rawExchange(port, [head('POST', REUSE, { Cookie: cookies['senden'], 'Content-Type': pick(['application/json', 'application/xml', 'text/plain']), 'Content-Length': String(body.length) }), body], { after: 'keep' });
  },
  'broken chunk framing': () => {
    const steps: Step[] = [head('POST', pick(['/anmelden', UPLOAD]), { Cookie: cookies['coesfeld'], 'Content-Type': 'application/x-www-form-urlencoded', 'Transfer-Encoding': 'chunked' }), pick(['5\r\nemail\r\nzz\r\n', '-1\r\nx\r\n', 'fffffffffffffffffffff\r\n', '3\r\nabcdef\r\n0\r\n\r\n'])];
    return rawExchange(port, steps, { after: 'keep' });
  },
  'method no route has': () => rawExchange(port, [head(pick(['TRACE', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND']), pick(['/', '/anmelden', UPLOAD]))], { after: 'keep' }),
};

interface Tally {
  count: number;
  failures: number;
  statuses: Map<string, number>;
}
const tallies = new Map<string, Tally>();
function tally(name: string, outcome: string, failed: boolean): void {
  const t = tallies.get(name) ?? { count: 0, failures: 0, statuses: new Map() };
  t.count++;
  if (failed) t.failures++;
  t.statuses.set(outcome, (t.statuses.get(outcome) ?? 0) + 1);
  tallies.set(name, t);
}

async function client(until: number): Promise<void> {
  while (Date.now() < until) {
    if (Math.random() < 0.5) {
      const name = pick(Object.keys(NORMAL));
      let ok = false;
      try {
        ok = await NORMAL[name]!();
      } catch {
        ok = false;
      }
      tally(`normal: ${name}`, ok ? 'ok' : 'failed', !ok);
    } else {
      const name = pick(Object.keys(ABUSE));
      const answer = await ABUSE[name]!().catch(() => null);
      tally(`broken: ${name}`, answer?.status ? String(answer.status) : `no answer (${answer?.ended ?? 'failed'})`, false);
    }
  }
}

// --- the run --------------------------------------------------------------------------------
log('Building (npm run build) …');
const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
if (built.status !== 0) throw new Error('build failed');
await startServer();
for (const [name, tenant, role] of [['duelmen', 'duelmen', 'mitarbeiter'], ['coesfeld', 'coesfeld', 'redakteur'], ['senden', 'senden', 'mitarbeiter']] as const) await signIn(name, tenant, role);
const rssTimer = setInterval(sampleRss, 200);
await new Promise((r) => setTimeout(r, 1000));
sampleRss();
const idleRssMb = peakRssMb;
log(`Soak: ${SECONDS} s, ${CLIENTS} clients, data folder ${dataDir}`);
const started = Date.now();
await Promise.all(Array.from({ length: CLIENTS }, () => client(started + SECONDS * 1000)));
sampleRss();
clearInterval(rssTimer);
// In-flight aborted uploads finish a moment after their clients left.
await new Promise((r) => setTimeout(r, 3000));
const health = (await fetch(url() + '/health').catch(() => null))?.status ?? 'no answer';
stopping = true;
const shutdown = await new Promise<number | null>((resolve) => {
  child.once('exit', (code) => resolve(code));
  child.kill('SIGTERM');
});
const tmp = path.join(dataDir, 'files', 'tmp');
const temps = fs.existsSync(tmp) ? fs.readdirSync(tmp).length : 0;
const check = spawnSync('npm', ['run', '--silent', 'cli', '--', 'check'], { cwd: ROOT, env: { ...process.env, WISSENSNETZ_DATA_DIR: dataDir }, encoding: 'utf8' });

// --- report ---------------------------------------------------------------------------------
log('');
log(`Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString()}`);
log(`Duration ${((Date.now() - started) / 1000).toFixed(0)} s with ${CLIENTS} clients`);
let normal = 0;
let normalFailed = 0;
let broken = 0;
for (const [name, t] of [...tallies].sort(([a], [b]) => a.localeCompare(b))) {
  const statuses = [...t.statuses].sort(([, a], [, b]) => b - a).map(([s, n]) => `${s} ×${n}`).join(', ');
  log(`  ${name.padEnd(42)} ${String(t.count).padStart(6)}  ${statuses}`);
  if (name.startsWith('normal')) {
    normal += t.count;
    normalFailed += t.failures;
  } else {
    broken += t.count;
  }
}
log(`Normal requests: ${normal} (${normalFailed} failed); uploads stored and deleted: ${uploadsStored}`);
log(`Broken or hostile requests: ${broken}`);
log(`Server exits during the soak: ${exits}${exits ? '\n' + exitNotes.join('\n') : ''}`);
log(`Peak RSS (VmHWM): ${peakRssMb.toFixed(0)} MB (after start-up: ${idleRssMb.toFixed(0)} MB)`);
log(`Health after the soak: ${health}; shutdown exit code: ${shutdown}`);
log(`Stack-trace lines in the server's output: ${stackLines}; [ERROR] lines: ${errorLines}; uncaught exceptions logged: ${uncaught}`);
log(`Unfinished uploads left in files/tmp: ${temps}`);
log(`npm run cli -- check: exit ${check.status}\n${(check.stdout + check.stderr).trim().split('\n').map((l) => '  ' + l).join('\n')}`);
const clean = exits === 0 && normalFailed === 0 && check.status === 0 && temps === 0 && stackLines === 0 && errorLines === 0 && uncaught === 0;
log(clean ? 'Result: clean' : 'Result: NOT clean');
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(clean ? 0 : 1);
