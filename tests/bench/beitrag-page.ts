// `npm run bench:beitrag`: the Beitrag page rendered anew on every request (page cache off),
// anonymous and signed in, on demo data plus generated Beiträge with varied subjects, a
// discussed sample Beitrag (five comments, a mention) and computed related Beiträge; then a
// sweep over 3,000 different public Beiträge, where nothing a page reads was read before
// (caches of the database layer do not help: this is what a crawler or a busy day costs).
// BENCH_COMPARE=<folder of another built copy of the hub> (e.g. the commit before, unpacked with
// `git archive` and built) measures that copy on the very same data folder, alternating with
// this one run by run, so a busy machine affects both alike. An older copy ignores the tables
// it does not know. Besides requests per second it prints the server's CPU time per request,
// which does not depend on what else the cores do. With two cores or more, the load generator
// and the server run on different ones (taskset), so neither pays for the other's cache misses.
// BENCH_SIZE (default 10000), BENCH_RUNS (5), BENCH_SECONDS (5), BENCH_NO_BUILD=1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { generateDocuments } from './generate';
import { load, measure } from './measure';
import { ROOT, pinLoadAndServer, startProduction, waitForRelated, waitForSearchIdle } from './server';

const COMPARE = process.env['BENCH_COMPARE'] ? path.resolve(process.env['BENCH_COMPARE']) : null;
const SIZE = Number(process.env['BENCH_SIZE'] ?? 10000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const log = (s: string) => process.stdout.write(s + '\n');

/** Five comments on the sample Beitrag and a question whose answer links it. */
function discuss(dataDir: string, sample: { tenant: string; slug: string }): void {
  const db = new Database(path.join(dataDir, 'wissensnetz.db'));
  try {
    const doc = db.prepare('SELECT id FROM documents WHERE tenant = ? AND slug = ?').get(sample.tenant, sample.slug) as { id: number };
    const html = '<p>Danke für den Beitrag, wir haben das <strong>ähnlich</strong> gelöst und berichten gern.</p>';
    db.transaction(() => {
      for (let i = 0; i < 5; i++) db.prepare('INSERT INTO comments (document_id, tenant, body_md, html, author_label) VALUES (?, ?, ?, ?, ?)').run(doc.id, 'duelmen', 'Danke', html, `Lasttest ${i}`);
      const q = db.prepare("INSERT INTO questions (tenant, visibility, title, body_md, html, author_label) VALUES ('duelmen', 'intern', 'Hat jemand Erfahrung damit?', 'Frage', '<p>Frage</p>', 'Lasttest')").run();
      const a = db.prepare("INSERT INTO answers (question_id, tenant, body_md, html, author_label) VALUES (?, 'senden', 'Ja', '<p>Ja</p>', 'Lasttest')").run(q.lastInsertRowid);
      db.prepare('INSERT INTO answer_links (answer_id, document_id) VALUES (?, ?)').run(a.lastInsertRowid, doc.id);
    })();
  } finally {
    db.close();
  }
}

async function signIn(url: string, dataDir: string): Promise<string> {
  const line = fs.readFileSync(path.join(dataDir, 'demo-zugaenge.txt'), 'utf8').split('\n').find((l) => l.includes(' duelmen mitarbeiter'))!;
  const [email, password] = line.split(' ');
  const res = await fetch(`${url}/anmelden`, { method: 'POST', redirect: 'manual', headers: { Origin: url, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email: email!, password: password!, next: '/' }) });
  const cookie = res.headers.getSetCookie().find((c) => c.includes('_session=') && !c.includes('_session=;'));
  if (res.status !== 303 || !cookie) throw new Error(`sign-in failed with ${res.status}`);
  return cookie.split(';')[0]!;
}

/** Up to `n` public Beiträge in a fixed mixed order (every 7th id in turn), as paths. */
function publicPaths(dataDir: string, n: number): string[] {
  const db = new Database(path.join(dataDir, 'wissensnetz.db'), { readonly: true });
  try {
    const rows = db.prepare("SELECT tenant, slug FROM documents WHERE status = 'veroeffentlicht' AND visibility = 'oeffentlich' ORDER BY (id * 7) % 10007, id LIMIT ?").all(n) as { tenant: string; slug: string }[];
    return rows.map((r) => `/${r.tenant}/beitraege/${r.slug}`);
  } finally {
    db.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (!process.env['BENCH_NO_BUILD']) {
  log('Building (npm run build) …');
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
  if (r.status !== 0) throw new Error('build failed');
}
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-bench-beitrag-'));
try {
  const demo = await startProduction(dataDir);
  await demo.stop();
  log(`Generating ${SIZE} Beiträge …`);
  const sample = generateDocuments(dataDir, SIZE, { varied: true })[0]!;
  discuss(dataDir, sample);
  const path_ = `/${sample.tenant}/beitraege/${sample.slug}`;
  {
    const since = new Date();
    const server = await startProduction(dataDir, { NODE_ENV: 'production' });
    await waitForSearchIdle(dataDir, server.child.pid!, since);
    log(`Related lists of ${SIZE} generated Beiträge computed in the background in ${(await waitForRelated(dataDir)).toFixed(0)} s.`);
    const page = await (await fetch(server.url + path_, { headers: { cookie: await signIn(server.url, dataDir) } })).text();
    const related = (page.match(/aehnlich-titel[\s\S]*?<\/section>/)?.[0].match(/<li>/g) ?? []).length;
    log(`${path_}: ${page.length} bytes signed in, ${related} related Beiträge, 5 comments, 1 mention.`);
    await server.stop();
  }
  const sweep = publicPaths(dataDir, 3000);
  const serverCpu = pinLoadAndServer();
  log(serverCpu === undefined ? 'Load generator and server share the cores.' : `Load generator on core 0, server on core ${serverCpu} (taskset).`);
  const apps = COMPARE ? [COMPARE, ROOT] : [ROOT];
  const figures = new Map<string, number[]>();
  const cpu = new Map<string, number[]>();
  const note = (key: string, f: { rps: number; cpuMs?: number }) => {
    figures.set(key, [...(figures.get(key) ?? []), f.rps]);
    cpu.set(key, [...(cpu.get(key) ?? []), f.cpuMs!]);
  };
  for (let run = 1; run <= RUNS; run++) {
    // Which copy goes first changes from run to run, so a machine that speeds up or slows down
    // during a run does not favour one of them.
    for (const app of run % 2 ? apps : [...apps].reverse()) {
      const since = new Date();
      const server = await startProduction(dataDir, { NODE_ENV: 'production', WISSENSNETZ_PAGE_CACHE: '0' }, app, serverCpu);
      try {
        await waitForSearchIdle(dataDir, server.child.pid!, since);
        const cookie = await signIn(server.url, dataDir);
        for (const [audience, headers] of [['anonymous', {}], ['signed in', { cookie }]] as const) {
          const f = await measure(server.url + path_, 10, headers, SECONDS, server.child.pid);
          if (f.errors || f.non2xx) throw new Error(`${f.errors} errors, ${f.non2xx} non-2xx`);
          const key = `${app === ROOT ? 'this tree' : path.basename(app)}|${audience}`;
          note(key, f);
          log(`  run ${run} ${key}: ${f.rps} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms, ${f.cpuMs} ms server CPU per request`);
        }
        for (const [audience, headers] of [['anonymous, 3,000 Beiträge', {}], ['signed in, 3,000 Beiträge', { cookie }]] as const) {
          // Each run starts elsewhere in the list, so no page was rendered in this process before.
          const paths = [...sweep.slice(((run - 1) * 600) % sweep.length), ...sweep.slice(0, ((run - 1) * 600) % sweep.length)];
          const f = await load({ url: server.url, connections: 10, duration: SECONDS, headers, paths, pid: server.child.pid! });
          if (f.errors || f.non2xx) throw new Error(`${f.errors} errors, ${f.non2xx} non-2xx`);
          const key = `${app === ROOT ? 'this tree' : path.basename(app)}|${audience}`;
          note(key, f);
          log(`  run ${run} ${key}: ${f.rps} req/s (${f.total} requests), ${f.cpuMs} ms server CPU per request`);
        }
      } finally {
        await server.stop();
      }
    }
  }
  log(`\nBeitrag page without page cache, ${SIZE} generated Beiträge (${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}, ${RUNS} × ${SECONDS} s at 10 connections, Node ${process.version})\n`);
  log('| app | audience | req/s per run | median | server CPU per request, ms, per run | median |');
  log('|---|---|---|---:|---|---:|');
  for (const [key, xs] of figures) {
    const [app, audience] = key.split('|');
    const ms = cpu.get(key)!;
    log(`| ${app} | ${audience} | ${xs.join(' / ')} | ${median(xs)} | ${ms.map((x) => x.toFixed(2)).join(' / ')} | ${median(ms).toFixed(2)} |`);
  }
  if (COMPARE) {
    // Requests per second move with whatever else the two cores do (the load generator runs on
    // them too); the server's CPU time per request is the steadier figure, and its inverse is
    // the throughput one core gives. The budget: at most 10 % less throughput, i.e. at most
    // 11 % more CPU time per request.
    // Each run measures both copies within a minute of each other: the median of the per-run
    // ratios is steadier than the ratio of medians when the machine's speed drifts between runs.
    log('\nThis tree against the other copy (throughput per core = inverse of server CPU per request; median of the per-run ratios):');
    for (const audience of ['anonymous', 'signed in', 'anonymous, 3,000 Beiträge', 'signed in, 3,000 Beiträge']) {
      const key = (app: string) => `${app}|${audience}`;
      const [rpsBefore, rpsAfter] = [median(figures.get(key(path.basename(COMPARE)))!), median(figures.get(key('this tree'))!)];
      const [cpuBefore, cpuAfter] = [cpu.get(key(path.basename(COMPARE)))!, cpu.get(key('this tree'))!];
      const ratios = cpuBefore.map((b, i) => (b / cpuAfter[i]! - 1) * 100);
      const throughput = median(ratios);
      const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)} %`;
      log(`${audience}: throughput per core ${signed(throughput)} (runs: ${ratios.map(signed).join(', ')})${throughput < -10 ? ' – over the 10 % budget' : ''}; medians ${rpsAfter} vs ${rpsBefore} req/s, ${median(cpuAfter).toFixed(2)} vs ${median(cpuBefore).toFixed(2)} ms server CPU per request`);
    }
  }
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
