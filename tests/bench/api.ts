// `npm run bench:api`: the read API's Beitrag list at 1,000 and 10,000 generated Beiträge,
// anonymous, measured with a keep-alive client (tests/bench/measure.ts) on 127.0.0.1 against the production bundle. Prints
// figures; asserts nothing. BENCH_SIZES (default 1000,10000) and BENCH_SECONDS (default 5).
//
// The request budget per address (WISSENSNETZ_API_RATE_LIMIT) is raised for the run: every
// request comes from 127.0.0.1, and the point is what the list costs, not the budget.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { encodeCursor } from '../../src/lib/api/cursor';
import { generateDocuments } from './generate';
import { load, rssMb, type Figures } from './measure';
import { closeDb } from '../../src/lib/db/client';
import { resetConfig } from '../../src/lib/config';
import { resetTenants } from '../../src/lib/tenants/registry';
import { listDocumentsAfter } from '../../src/lib/documents/keyset';
import { ROOT, startProduction, waitForRelated, waitForSearchIdle } from './server';

const SIZES = (process.env['BENCH_SIZES'] ?? '1000,10000').split(',').map(Number);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const log = (s: string) => process.stdout.write(s + '\n');

interface Measured extends Figures {
  /** Server CPU (user + system) per answered request: what a request costs, however busy the machine is. */
  cpuMs: number;
}

interface Row extends Measured {
  size: number;
  request: string;
  connections: number;
}

/** CPU time a process has used so far, in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** One run after a warm-up, with the server's CPU time per request. */
async function run(pid: number, url: string, connections: number, paths?: string[]): Promise<Measured> {
  const options = { url, connections, ...(paths ? { paths } : {}) };
  await load({ ...options, duration: 2 });
  const before = cpuMs(pid);
  const { total, ...figures } = await load({ ...options, duration: SECONDS });
  const used = cpuMs(pid) - before;
  return { ...figures, cpuMs: total ? Math.round((used / total) * 1000) / 1000 : 0 };
}

/** The query behind a list page, in this process, over many different positions (no cache hits): CPU µs per page. */
function timeQueries(dataDir: string, positions: { publishedAt: string; id: number }[]): { plain: number; filtered: number } {
  process.env['WISSENSNETZ_DATA_DIR'] = dataDir;
  resetConfig();
  resetTenants();
  closeDb();
  const sample = positions.filter((_, i) => i % Math.max(1, Math.floor(positions.length / 2000)) === 0).slice(0, 2000);
  // CPU time of this process, not wall time: the machine may be busy with other work.
  const time = (f: (p: (typeof sample)[number]) => void) => {
    for (const p of sample.slice(0, 200)) f(p);
    const start = process.cpuUsage();
    for (const p of sample) f(p);
    const used = process.cpuUsage(start);
    return Math.round((used.user + used.system) / sample.length);
  };
  const plain = time((p) => listDocumentsAfter(null, {}, p, 20));
  const filtered = time((p) => listDocumentsAfter(null, { topic: 'schule', tag: 'Lasttest' }, p, 20));
  closeDb();
  return { plain, filtered };
}

function build(): void {
  log('Building (npm run build) …');
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
  if (r.status !== 0) throw new Error('build failed');
}

/** Every public Beitrag's list position, by paging through the API (newest first). */
async function positions(url: string): Promise<{ publishedAt: string; id: number }[]> {
  const out: { publishedAt: string; id: number }[] = [];
  let next: string | null = `${url}/api/v1/beitraege?limit=100`;
  while (next) {
    const body = (await (await fetch(next)).json()) as { items: { id: number; publishedAt: string }[]; next: { url: string } | null };
    out.push(...body.items.map((i) => ({ id: i.id, publishedAt: i.publishedAt })));
    next = body.next?.url ?? null;
  }
  return out;
}

async function benchSize(size: number): Promise<{ rows: Row[]; rss: number; queries: { plain: number; filtered: number } }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `wn-bench-api-${size}-`));
  const demo = await startProduction(dataDir);
  await demo.stop();
  log(`Generating ${size} Beiträge …`);
  const [sample] = generateDocuments(dataDir, size);
  const since = new Date();
  const server = await startProduction(dataDir, { NODE_ENV: 'production', WISSENSNETZ_API_RATE_LIMIT: '1000000000' });
  log('Waiting for the search index build to finish …');
  await waitForSearchIdle(dataDir, server.child.pid!, since);
  // Related lists of every generated Beitrag are computed in the background after the start (as after an
  // upgrade or a bulk import); measured is the hub at rest.
  log(`  related lists computed in the background in ${(await waitForRelated(dataDir)).toFixed(0)} s`);
  const rows: Row[] = [];
  let rss = rssMb(server.child.pid!);
  let all: { publishedAt: string; id: number }[] = [];
  const pid = server.child.pid!;
  try {
    all = await positions(server.url);
    log(`  ${all.length} public Beiträge in the list`);
    // 3,000 different pages spread over the whole list (the read cache keeps 2,000 results).
    const step = Math.max(1, Math.floor(all.length / 3000));
    const cursors = all.filter((_, i) => i % step === 0).slice(0, 3000).map((p) => `/api/v1/beitraege?cursor=${encodeCursor(p)}`);
    const deep = cursors[Math.floor(cursors.length * 0.9)]!;
    const cases: { request: string; run: (c: number) => Promise<Measured> }[] = [
      { request: 'list, first page (20)', run: (c) => run(pid, `${server.url}/api/v1/beitraege`, c) },
      { request: 'list, a page 90 % down the list', run: (c) => run(pid, `${server.url}${deep}`, c) },
      { request: 'list, Themenfeld + Jahr + tag', run: (c) => run(pid, `${server.url}/api/v1/beitraege?themenfeld=schule&jahr=2020&tag=Lasttest`, c) },
      { request: `list, ${cursors.length} different pages in turn (uncached queries)`, run: (c) => run(pid, server.url, c, cursors) },
      { request: 'one Beitrag', run: (c) => run(pid, `${server.url}/api/v1/beitraege/${sample!.tenant}/${sample!.slug}`, c) },
    ];
    for (const k of cases) {
      for (const c of [10, 100]) {
        const f = await k.run(c);
        rss = Math.max(rss, rssMb(server.child.pid!));
        rows.push({ size, request: k.request, connections: c, ...f });
        log(`  ${size} ${k.request} c=${c}: ${f.rps} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms, ${f.cpuMs} ms server CPU per request${f.errors || f.non2xx ? `, ${f.errors} errors, ${f.non2xx} non-2xx` : ''}`);
      }
    }
  } finally {
    await server.stop();
  }
  const queries = timeQueries(dataDir, all);
  log(`  ${size} list query in process: ${queries.plain} µs CPU per page, ${queries.filtered} µs with Themenfeld + tag`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { rows, rss, queries };
}

build();
const rows: Row[] = [];
const rss: Record<number, number> = {};
const queries: Record<number, { plain: number; filtered: number }> = {};
for (const size of SIZES) {
  const r = await benchSize(size);
  rows.push(...r.rows);
  rss[size] = r.rss;
  queries[size] = r.queries;
}
log(`\nWissensnetz read API benchmark, anonymous (${os.cpus().length} cores, ${SECONDS} s per run, Node ${process.version})\n`);
log('| generated Beiträge | request | connections | requests/s | p50 ms | p99 ms | server CPU ms/request | errors / non-2xx |');
log('|---:|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) log(`| ${r.size} | ${r.request} | ${r.connections} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.cpuMs} | ${r.errors} / ${r.non2xx} |`);
log('');
for (const size of SIZES) log(`List query in process at ${size}: ${queries[size]!.plain} µs CPU per page of 20, ${queries[size]!.filtered} µs with Themenfeld + tag (2,000 different positions, no cache hits)`);
for (const size of SIZES) log(`Server RSS, maximum while measuring with ${size} generated Beiträge: ${rss[size]} MB`);
