// `npm run bench:beitrag`: the Beitrag page rendered anew on every request (page cache off),
// anonymous and signed in, on demo data plus generated Beiträge with varied subjects, a
// discussed sample Beitrag (five comments, a mention) and computed related Beiträge; then a
// sweep over 3,000 different public Beiträge, where nothing a page reads was read before
// (caches of the database layer do not help: this is what a crawler or a busy day costs).
// BENCH_COMPARE=<folder of another built copy of the hub> (e.g. the commit before, unpacked with
// `git archive` and built) measures that copy on a copy of the same data folder; several, separated
// by commas, are measured side by side. The word `ohne-austausch` stands for this tree built without
// what the Austausch put on the Beitrag page (comments, "Erwähnt in Frage", Ähnliche Beiträge): the
// cost of exactly those, whatever else changed since an older commit. All servers
// run at once and take turns in short slices (the sample page for a second, 290 pages of the
// sweep), so a machine that speeds up or slows down affects both alike. An older copy ignores
// the tables it does not know. Besides requests per second it prints the server's CPU time per
// request, which does not depend on what else the cores do; with two cores or more the servers
// run on one, the load generator on the other (taskset), so neither pays for the other's cache
// misses. BENCH_SIZE (default 10000), BENCH_RUNS (5), BENCH_SLICES (10), BENCH_SLICE_SECONDS (1),
// BENCH_WARMUP_SECONDS (2), BENCH_NO_BUILD=1, BENCH_KEEP=1 / BENCH_DATA=<kept folder>.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { generateDocuments } from './generate';
import { load, type LoadOptions } from './measure';
import { profileOf, shares } from './profile-share';
import { ROOT, pinToCore, startProduction, waitForRelated, waitForSearchIdle } from './server';

const WITHOUT_EXCHANGE = 'ohne-austausch';
const COMPARES = (process.env['BENCH_COMPARE'] ?? '').split(',').filter(Boolean).map((c) => (c === WITHOUT_EXCHANGE ? c : path.resolve(c)));
const SIZE = Number(process.env['BENCH_SIZE'] ?? 10000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const SLICES = Number(process.env['BENCH_SLICES'] ?? 10);
const SLICE_SECONDS = Number(process.env['BENCH_SLICE_SECONDS'] ?? 1);
/** Seconds of the sample page, anonymous and signed in, before each run's measurements (JIT, caches). */
const WARMUP_SECONDS = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 2);
/** Requests per slice of the sweep: SLICES of them stay below its 3,000 pages, so none is read twice. */
const SWEEP_SLICE = Math.floor(2900 / SLICES);
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

/** A copy of a prepared data folder, for another copy of the hub to run on. */
const copies: string[] = [];
function copyOf(dataDir: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-bench-beitrag-copy-'));
  copies.push(copy);
  fs.cpSync(dataDir, copy, { recursive: true });
  return copy;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (!process.env['BENCH_NO_BUILD']) {
  log('Building (npm run build) …');
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
  if (r.status !== 0) throw new Error('build failed');
}
/**
 * This tree with the Beitrag page as it would be without the Austausch: a copy of the sources
 * whose page leaves out the comments, the mentions and the related Beiträge, built beside it.
 */
function buildWithoutExchange(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `wn-bench-${WITHOUT_EXCHANGE}-`));
  copies.push(dir);
  for (const entry of ['src', 'content', 'tenants', 'migrations', 'astro.config.mjs', 'package.json', 'tsconfig.json']) fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  const page = path.join(dir, 'src/pages/[kommune]/beitraege/[slug]/index.astro');
  let text = fs.readFileSync(page, 'utf8');
  for (const [from, to] of [
    [/^\s*\{readable && <Fragment set:html=\{exchangeSectionsHtml\([^\n]*\n/m, ''],
    [/const ownComments = readable && hasEditableComment\(viewer, doc\.id\);/, 'const ownComments = false;'],
  ] as const) {
    if (!from.test(text)) throw new Error(`${WITHOUT_EXCHANGE}: ${from} not found in the Beitrag page`);
    text = text.replace(from, to);
  }
  fs.writeFileSync(page, text);
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
  if (r.status !== 0) throw new Error(`${WITHOUT_EXCHANGE}: build failed`);
  return dir;
}

// BENCH_DATA=<folder> measures on a data folder an earlier run kept (BENCH_KEEP=1) instead of
// preparing a new one: the same pages again, without ten minutes of preparation.
const reused = process.env['BENCH_DATA'] ? path.resolve(process.env['BENCH_DATA']) : null;
const keep = Boolean(reused) || process.env['BENCH_KEEP'] === '1';
const dataDir = reused ?? fs.mkdtempSync(path.join(os.tmpdir(), 'wn-bench-beitrag-'));
try {
  if (!reused) {
    const demo = await startProduction(dataDir);
    await demo.stop();
    log(`Generating ${SIZE} Beiträge …`);
    const sample = generateDocuments(dataDir, SIZE, { varied: true })[0]!;
    discuss(dataDir, sample);
    fs.writeFileSync(path.join(dataDir, 'bench-sample.txt'), `/${sample.tenant}/beitraege/${sample.slug}`);
  }
  const path_ = fs.readFileSync(path.join(dataDir, 'bench-sample.txt'), 'utf8');
  {
    const since = new Date();
    const server = await startProduction(dataDir, { NODE_ENV: 'production' });
    await waitForSearchIdle(dataDir, server.child.pid!, since);
    log(`Related lists of the generated Beiträge computed in the background in ${(await waitForRelated(dataDir)).toFixed(0)} s.`);
    const page = await (await fetch(server.url + path_, { headers: { cookie: await signIn(server.url, dataDir) } })).text();
    const related = (page.match(/aehnlich-titel[\s\S]*?<\/section>/)?.[0].match(/<li>/g) ?? []).length;
    log(`${path_}: ${page.length} bytes signed in, ${related} related Beiträge, 5 comments, 1 mention.`);
    await server.stop();
  }
  const sweep = publicPaths(dataDir, 3000);
  const variants = new Map<string, string>();
  const apps = [...COMPARES.map((c) => (c === WITHOUT_EXCHANGE ? (log(`Building this tree ${WITHOUT_EXCHANGE} …`), buildWithoutExchange()) : c)), ROOT];
  COMPARES.forEach((c, i) => c === WITHOUT_EXCHANGE && variants.set(apps[i]!, WITHOUT_EXCHANGE));
  const name = (app: string) => (app === ROOT ? 'this tree' : (variants.get(app) ?? path.basename(app)));
  // Each copy gets a data folder of its own: two servers on one folder would each rebuild the
  // other's search index.
  const folders = new Map(apps.map((app) => [app, app === ROOT ? dataDir : copyOf(dataDir)]));
  const figures = new Map<string, number[]>();
  const cpu = new Map<string, number[]>();
  const note = (key: string, rps: number, cpuMs: number) => {
    figures.set(key, [...(figures.get(key) ?? []), rps]);
    cpu.set(key, [...(cpu.get(key) ?? []), cpuMs]);
  };
  // Read before this process is pinned: the count follows the process's own affinity.
  const cores = os.availableParallelism();
  // Whether every run had the servers and the load on cores of their own.
  let pinned = true;
  for (let run = 1; run <= RUNS; run++) {
    // Fresh servers each run: the sweep's pages were never read by them before.
    const servers: { app: string; url: string; pid: number; cookie: string; stop: () => Promise<void> }[] = [];
    try {
      for (const app of apps) {
        const since = new Date();
        const server = await startProduction(folders.get(app)!, { NODE_ENV: 'production', WISSENSNETZ_PAGE_CACHE: '0' }, app);
        servers.push({ app, url: server.url, pid: server.child.pid!, cookie: '', stop: server.stop });
        await waitForSearchIdle(folders.get(app)!, server.child.pid!, since);
      }
      // Both copies on one core, this load generator on another: what one copy is measured
      // under, the other is too, and neither shares its core with the load.
      pinned = cores >= 2 && pinToCore(process.pid, 0) && servers.every((s) => pinToCore(s.pid, 1)) && pinned;
      for (const s of servers) {
        s.cookie = await signIn(s.url, folders.get(s.app)!);
        for (const headers of [{}, { cookie: s.cookie }] as Record<string, string>[]) await load({ url: s.url + path_, connections: 10, duration: WARMUP_SECONDS, headers });
      }
      const offset = ((run - 1) * 600) % sweep.length;
      const paths = [...sweep.slice(offset), ...sweep.slice(0, offset)];
      for (const [audience, signed, slice] of [
        ['anonymous', false, { duration: SLICE_SECONDS }],
        ['signed in', true, { duration: SLICE_SECONDS }],
        ['anonymous, 3,000 Beiträge', false, { duration: 60, requests: SWEEP_SLICE }],
        ['signed in, 3,000 Beiträge', true, { duration: 60, requests: SWEEP_SLICE }],
      ] as const) {
        const sums = new Map(servers.map((s) => [s.app, { requests: 0, seconds: 0, cpuMs: 0 }]));
        for (let k = 0; k < SLICES; k++) {
          // The copies take turns slice by slice in a rotating order, so each goes first equally
          // often. With three or more copies none runs two slices in a row (reversing the order every
          // other slice gave the copies at the ends back-to-back slices, the middle ones never); with
          // two, both do, equally often.
          for (const s of servers.map((_, i) => servers[(i + k) % servers.length]!)) {
            const started = performance.now();
            const f = await load({ url: s.url, connections: 10, headers: signed ? { cookie: s.cookie } : {}, pid: s.pid, ...slice, ...(audience.includes('3,000') ? { paths, offset: k * SWEEP_SLICE } : { paths: [path_] }) });
            if (f.errors || f.non2xx) throw new Error(`${f.errors} errors, ${f.non2xx} non-2xx`);
            const sum = sums.get(s.app)!;
            sum.requests += f.total;
            sum.seconds += (performance.now() - started) / 1000;
            sum.cpuMs += f.cpuMs! * f.total;
          }
        }
        for (const s of servers) {
          const sum = sums.get(s.app)!;
          const [rps, cpuMs] = [Math.round(sum.requests / sum.seconds), sum.cpuMs / sum.requests];
          note(`${name(s.app)}|${audience}`, rps, cpuMs);
          log(`  run ${run} ${name(s.app)}|${audience}: ${rps} req/s (${sum.requests} requests), ${cpuMs.toFixed(3)} ms server CPU per request`);
        }
      }
    } finally {
      for (const s of servers) await s.stop();
    }
  }
  log(`\nBeitrag page without page cache, ${SIZE} generated Beiträge (${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}, ${RUNS} runs of ${SLICES} slices per copy and audience at 10 connections: ${SLICE_SECONDS} s of the sample page, ${SWEEP_SLICE} requests of the sweep; ${pinned ? 'servers on core 1, load on core 0' : 'not pinned to cores in every run'}; Node ${process.version})\n`);
  log('| app | audience | req/s per run | median | server CPU per request, ms, per run | median |');
  log('|---|---|---|---:|---|---:|');
  for (const [key, xs] of figures) {
    const [app, audience] = key.split('|');
    const ms = cpu.get(key)!;
    log(`| ${app} | ${audience} | ${xs.join(' / ')} | ${median(xs)} | ${ms.map((x) => x.toFixed(2)).join(' / ')} | ${median(ms).toFixed(2)} |`);
  }
  for (const compare of apps.slice(0, -1)) {
    // Requests per second move with whatever else the machine does (other processes, the host's
    // other guests); the server's CPU time per request is the steadier figure, and its inverse
    // is the throughput one core gives. The budget: at most 10 % less throughput, i.e. at most
    // 11 % more CPU time per request.
    // Within a run both copies are measured slice by slice in turn; the median of the per-run
    // ratios is steadier than the ratio of medians when the machine's speed drifts between runs.
    log(`\nThis tree against ${name(compare)} (throughput per core = inverse of server CPU per request; median of the per-run ratios):`);
    for (const audience of ['anonymous', 'signed in', 'anonymous, 3,000 Beiträge', 'signed in, 3,000 Beiträge']) {
      const key = (app: string) => `${app}|${audience}`;
      const [rpsBefore, rpsAfter] = [median(figures.get(key(name(compare)))!), median(figures.get(key('this tree'))!)];
      const [cpuBefore, cpuAfter] = [cpu.get(key(name(compare)))!, cpu.get(key('this tree'))!];
      const ratios = cpuBefore.map((b, i) => (b / cpuAfter[i]! - 1) * 100);
      const throughput = median(ratios);
      const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)} %`;
      log(`${audience}: throughput per core ${signed(throughput)} (runs: ${ratios.map(signed).join(', ')})${throughput < -10 ? ' – over the 10 % budget' : ''}; medians ${rpsAfter} vs ${rpsBefore} req/s, ${median(cpuAfter).toFixed(2)} vs ${median(cpuBefore).toFixed(2)} ms server CPU per request`);
    }
  }
  // The Austausch's own cost, measured without a second copy: the share of this tree's CPU time
  // spent in what it put on the page (computing and rendering the comments, "Erwähnt in Frage" and
  // Ähnliche Beiträge, and asking whether the viewer has a comment to edit), from a CPU profile.
  // Writing those sections' bytes is not in it (a few hundred bytes on an uncommented page).
  {
    const profiles = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-bench-beitrag-profile-'));
    copies.push(profiles);
    const since = new Date();
    const server = await startProduction(dataDir, { NODE_ENV: 'production', WISSENSNETZ_PAGE_CACHE: '0', NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profiles}` });
    const pid = server.child.pid!;
    const windows: { audience: string; from: number; to: number; requests: number }[] = [];
    try {
      await waitForSearchIdle(dataDir, pid, since);
      const cookie = await signIn(server.url, dataDir);
      for (const headers of [{}, { cookie }] as Record<string, string>[]) await load({ url: server.url + path_, connections: 10, duration: WARMUP_SECONDS, headers });
      for (const [audience, headers, options] of [
        ['anonymous', {}, { duration: 5, paths: [path_] }],
        ['signed in', { cookie }, { duration: 5, paths: [path_] }],
        ['anonymous, 3,000 Beiträge', {}, { duration: 60, requests: 1450, paths: sweep }],
        ['signed in, 3,000 Beiträge', { cookie }, { duration: 60, requests: 1450, paths: sweep, offset: 1450 }],
      ] as [string, Record<string, string>, Omit<LoadOptions, 'url' | 'connections' | 'headers'>][]) {
        const from = Date.now();
        const f = await load({ url: server.url, connections: 10, headers, ...options });
        windows.push({ audience, from, to: Date.now(), requests: f.total });
      }
    } finally {
      await server.stop();
    }
    const measured = shares(profileOf(profiles, pid), windows, Date.now(), { functions: ['hasEditableComment', 'exchangeSectionsHtml'], components: [] });
    log('\nShare of this tree\'s CPU time in the Austausch parts of the Beitrag page (one server, V8 CPU profile; the throughput they take is about this share):');
    windows.forEach((w, i) => {
      const { busyUs, insideUs } = measured[i]!;
      log(`${w.audience}: ${((insideUs / busyUs) * 100).toFixed(1)} % (${(insideUs / w.requests).toFixed(0)} of ${(busyUs / w.requests).toFixed(0)} µs per request under the profiler, ${w.requests} requests)`);
    });
  }
} finally {
  for (const dir of copies) fs.rmSync(dir, { recursive: true, force: true });
  if (keep) log(`Data folder kept: BENCH_DATA=${dataDir}`);
  else fs.rmSync(dataDir, { recursive: true, force: true });
}
