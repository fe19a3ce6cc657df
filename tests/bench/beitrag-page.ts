// `npm run bench:beitrag`: the Beitrag page rendered anew on every request (page cache off),
// anonymous and signed in, on demo data plus generated Beiträge — the figure the Austausch
// (related Beiträge, mentions, comments) must not lower by more than 10 %.
// BENCH_APP=<folder> measures another built copy of the hub (e.g. the commit before, unpacked
// with `git archive`) with the same data, so before and after can be run back to back.
// BENCH_SIZE (default 10000), BENCH_RUNS (3), BENCH_SECONDS (5), BENCH_NO_BUILD=1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { measure } from './measure';
import { ROOT, startProduction, waitForSearchIdle } from './server';

const APP = path.resolve(process.env['BENCH_APP'] ?? ROOT);
const SIZE = Number(process.env['BENCH_SIZE'] ?? 10000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const log = (s: string) => process.stdout.write(s + '\n');

function run(cmd: string, args: string[], env: Record<string, string> = {}): void {
  const r = spawnSync(cmd, args, { cwd: APP, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...env } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
}

/**
 * Generated Beiträge (varied subjects) through the app's own store, whose schema may differ
 * from this tree's; an older app needs this tree's tests/bench/generate.ts copied over.
 */
function generate(dataDir: string): { tenant: string; slug: string } {
  const out = path.join(dataDir, 'sample.json');
  const script = `const { generateDocuments } = await import(${JSON.stringify(path.join(APP, 'tests/bench/generate.ts'))}); const fs = await import('node:fs'); fs.writeFileSync(${JSON.stringify(out)}, JSON.stringify(generateDocuments(${JSON.stringify(dataDir)}, ${SIZE}, { varied: true })[0]));`;
  run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { WISSENSNETZ_DATA_DIR: dataDir, WISSENSNETZ_ROOT: APP });
  return JSON.parse(fs.readFileSync(out, 'utf8')) as { tenant: string; slug: string };
}

const hasTable = (db: Database.Database, name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE name = ?").get(name) !== undefined;

/**
 * Where the app has the Austausch: five comments on the sample Beitrag and a question whose
 * answer links it, so the page shows what a discussed Beitrag shows.
 */
function discuss(dataDir: string, sample: { tenant: string; slug: string }): boolean {
  const db = new Database(path.join(dataDir, 'wissensnetz.db'));
  try {
    if (!hasTable(db, 'comments')) return false;
    const doc = db.prepare('SELECT id FROM documents WHERE tenant = ? AND slug = ?').get(sample.tenant, sample.slug) as { id: number };
    const html = '<p>Danke für den Beitrag, wir haben das <strong>ähnlich</strong> gelöst und berichten gern.</p>';
    db.transaction(() => {
      for (let i = 0; i < 5; i++) db.prepare('INSERT INTO comments (document_id, tenant, body_md, html, author_label) VALUES (?, ?, ?, ?, ?)').run(doc.id, 'duelmen', 'Danke', html, `Lasttest ${i}`);
      const q = db.prepare("INSERT INTO questions (tenant, visibility, title, body_md, html, author_label) VALUES ('duelmen', 'intern', 'Hat jemand Erfahrung damit?', 'Frage', '<p>Frage</p>', 'Lasttest')").run();
      const a = db.prepare("INSERT INTO answers (question_id, tenant, body_md, html, author_label) VALUES (?, 'senden', 'Ja', '<p>Ja</p>', 'Lasttest')").run(q.lastInsertRowid);
      db.prepare('INSERT INTO answer_links (answer_id, document_id) VALUES (?, ?)').run(a.lastInsertRowid, doc.id);
    })();
    return true;
  } finally {
    db.close();
  }
}

/** Waits until every related list is computed (apps without them: at once). */
async function waitForRelated(dataDir: string): Promise<void> {
  const db = new Database(path.join(dataDir, 'wissensnetz.db'), { readonly: true });
  try {
    if (!hasTable(db, 'related_stamps')) return;
    const stale = db.prepare(
      `SELECT count(*) FROM documents d LEFT JOIN related_stamps s ON s.document_id = d.id
       WHERE d.status = 'veroeffentlicht' AND d.live_revision_id IS NOT NULL AND (s.list_revision_id IS NULL OR s.list_revision_id != d.live_revision_id)`,
    ).pluck();
    const started = Date.now();
    for (let n = stale.get() as number; n > 0; n = stale.get() as number) {
      if (Date.now() - started > 30 * 60_000) throw new Error(`${n} related lists still missing after 30 minutes`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    log(`Related lists complete after ${((Date.now() - started) / 1000).toFixed(0)} s of waiting.`);
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

if (!process.env['BENCH_NO_BUILD']) {
  log(`Building ${APP} …`);
  run('npm', ['run', '--silent', 'build']);
}
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-bench-beitrag-'));
try {
  const demo = await startProduction(dataDir, {}, APP);
  await demo.stop();
  log(`Generating ${SIZE} Beiträge …`);
  const sample = generate(dataDir);
  const discussed = discuss(dataDir, sample);
  const since = new Date();
  const server = await startProduction(dataDir, { NODE_ENV: 'production', WISSENSNETZ_PAGE_CACHE: '0' }, APP);
  try {
    log('Waiting for the search index and the related lists …');
    await waitForSearchIdle(dataDir, server.child.pid!, since);
    await waitForRelated(dataDir);
    const cookie = await signIn(server.url, dataDir);
    const url = `${server.url}/${sample.tenant}/beitraege/${sample.slug}`;
    const page = await (await fetch(url, { headers: { cookie } })).text();
    log(`Page ${url}: ${page.length} bytes signed in; related box: ${page.includes('Ähnliche Beiträge') ? 'yes' : 'no'}; comments: ${discussed ? 5 : 0}`);
    const rows: string[] = [];
    for (const [audience, headers] of [['anonymous', {}], ['signed in', { cookie }]] as const) {
      const figures: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const f = await measure(url, 10, headers, SECONDS);
        if (f.errors || f.non2xx) throw new Error(`${f.errors} errors, ${f.non2xx} non-2xx`);
        figures.push(f.rps);
        log(`  ${audience} run ${i + 1}: ${f.rps} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms`);
      }
      const median = [...figures].sort((a, b) => a - b)[Math.floor(figures.length / 2)]!;
      rows.push(`| ${path.basename(APP)} | ${SIZE} | Beitrag page, no page cache | ${audience} | 10 | ${figures.join(' / ')} | ${median} |`);
    }
    log(`\nBeitrag page without page cache (${os.cpus().length} cores, ${RUNS} × ${SECONDS} s, Node ${process.version})\n`);
    log('| app | generated Beiträge | page | audience | connections | req/s per run | median |');
    log('|---|---:|---|---|---:|---|---:|');
    for (const r of rows) log(r);
  } finally {
    await server.stop();
  }
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
