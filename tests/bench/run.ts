// `npm run bench`: production build with demo data plus generated Beiträge, measured with
// autocannon on 127.0.0.1 next to a bare node:http server sending the same bytes.
// BENCH_SIZES (default 1000,10000) and BENCH_SECONDS (default 5) tune the run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { generateDocuments } from './generate';
import { measure, rssMb, type Figures } from './measure';
import { ROOT, startBare, startProduction, waitForSearchIdle } from './server';

const SIZES = (process.env['BENCH_SIZES'] ?? '1000,10000').split(',').map(Number);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const CONNECTIONS = [10, 100];

interface Row extends Figures {
  size: number;
  page: string;
  path: string;
  audience: string;
  connections: number;
}

const log = (s: string) => process.stdout.write(s + '\n');

function build(): void {
  log('Building (npm run build) …');
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
  if (r.status !== 0) throw new Error('build failed');
}

async function signIn(url: string, dataDir: string): Promise<string> {
  const line = fs.readFileSync(path.join(dataDir, 'demo-zugaenge.txt'), 'utf8').split('\n').find((l) => l.includes(' duelmen mitarbeiter'))!;
  const [email, password] = line.split(' ');
  const res = await fetch(`${url}/anmelden`, { method: 'POST', redirect: 'manual', headers: { Origin: url, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email: email!, password: password!, next: '/' }) });
  const cookie = res.headers.getSetCookie().find((c) => c.includes('_session=') && !c.includes('_session=;'));
  if (res.status !== 303 || !cookie) throw new Error(`sign-in failed with ${res.status}`);
  return cookie.split(';')[0]!;
}

/** The first path that answers 200: routes from other issues may not exist yet in this build. */
async function firstOk(url: string, candidates: string[]): Promise<string> {
  for (const p of candidates) if ((await fetch(url + p)).status === 200) return p;
  throw new Error(`none of ${candidates.join(', ')} answers 200`);
}

async function benchSize(size: number): Promise<{ rows: Row[]; rss: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `wn-bench-${size}-`));
  // A first start loads the demo Beiträge and accounts (not in production mode).
  const demo = await startProduction(dataDir);
  await demo.stop();
  log(`Generating ${size} Beiträge …`);
  const [sample] = generateDocuments(dataDir, size);
  const since = new Date();
  let server = await startProduction(dataDir, { NODE_ENV: 'production' });
  log('Waiting for the search index build to finish …');
  await waitForSearchIdle(dataDir, server.child.pid!, since);
  const rows: Row[] = [];
  let rss = rssMb(server.child.pid!);
  try {
    let cookie = await signIn(server.url, dataDir);
    const pages = [
      { page: 'start page', path: '/' },
      { page: 'Beitrag page', path: await firstOk(server.url, [`/${sample!.tenant}/beitraege/${sample!.slug}`, `/${sample!.tenant}/`]) },
      { page: 'Themenfeld list', path: await firstOk(server.url, ['/themen/schule', '/themenfelder/schule', '/beitraege?themenfeld=schule', `/${sample!.tenant}/`]) },
    ];
    const run = async (p: (typeof pages)[number], audience: string, c: number, note = '') => {
      const f = await measure(server.url + p.path, c, audience === 'anonymous' ? {} : { cookie }, SECONDS);
      rss = Math.max(rss, rssMb(server.child.pid!));
      rows.push({ size, ...p, audience: audience + note, connections: c, ...f });
      log(`  ${size} ${p.page} ${p.path} ${audience}${note} c=${c}: ${f.rps} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms${f.errors || f.non2xx ? `, ${f.errors} errors, ${f.non2xx} non-2xx` : ''}`);
    };
    // One pass over every page first: the first seconds after a start (JIT, heap growth) are not the steady state.
    for (const p of pages) for (const headers of [{}, { cookie }] as Record<string, string>[]) await measure(server.url + p.path, 10, headers, 2);
    for (const p of pages) for (const audience of ['anonymous', 'signed in']) for (const c of CONNECTIONS) await run(p, audience, c);

    // The same bytes as the Beitrag page, from a bare node:http server.
    const bytesFile = path.join(dataDir, 'bare-page.html');
    fs.writeFileSync(bytesFile, Buffer.from(await (await fetch(server.url + pages[1]!.path)).arrayBuffer()));
    const bare = await startBare(bytesFile);
    try {
      for (const c of CONNECTIONS) {
        const f = await measure(bare.url + '/', c, {}, SECONDS);
        rows.push({ size, page: 'bare node:http', path: '(same bytes as Beitrag page)', audience: 'anonymous', connections: c, ...f });
        log(`  ${size} bare node:http c=${c}: ${f.rps} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms`);
      }
    } finally {
      bare.stop();
    }

    // Every page rendered anew, as right after a publish: what the queries cost at this size.
    await server.stop();
    server = await startProduction(dataDir, { NODE_ENV: 'production', WISSENSNETZ_PAGE_CACHE: '0' });
    cookie = await signIn(server.url, dataDir);
    for (const p of pages) for (const audience of ['anonymous', 'signed in']) await run(p, audience, 10, ', no page cache');
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return { rows, rss };
}

build();
const all: Row[] = [];
const rss: Record<number, number> = {};
for (const size of SIZES) {
  const r = await benchSize(size);
  all.push(...r.rows);
  rss[size] = r.rss;
}

log(`\nWissensnetz benchmark (${os.cpus().length} cores, ${SECONDS} s per run, Node ${process.version})\n`);
log('| generated Beiträge | page | path | audience | connections | requests/s | % of bare | p50 ms | p99 ms |');
log('|---:|---|---|---|---:|---:|---:|---:|---:|');
for (const r of all) {
  const bare = all.find((b) => b.size === r.size && b.page === 'bare node:http' && b.connections === r.connections)!;
  log(`| ${r.size} | ${r.page} | ${r.path} | ${r.audience} | ${r.connections} | ${r.rps} | ${Math.round((100 * r.rps) / bare.rps)} % | ${r.p50} | ${r.p99} |`);
}
log('');
for (const size of SIZES) log(`Server RSS, maximum while measuring with ${size} generated Beiträge: ${rss[size]} MB`);
