// `npm run bench:search`: first the search quality suite (success, recall, noise) alone and
// among 2,000 generated distractors; then indexes generated German Beiträge (≈ 800 words)
// at 1,000 and 10,000 (or BENCH_SIZES, e.g. BENCH_SIZES=100000) and prints build time, peak
// memory, index size, first-query download and publish-to-searchable latency.
// BENCH_QUALITY=0 skips the quality suite, BENCH_QUALITY_FAILURES=1 lists its failed queries.
// Figures are printed, never asserted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const sizes = (process.argv[2] ?? process.env['BENCH_SIZES'] ?? '1000,10000').split(',').filter(Boolean).map(Number);
process.env['WISSENSNETZ_ROOT'] = ROOT;
process.env['WISSENSNETZ_SEARCH_DEBOUNCE_MS'] = '100';
// A busy machine must not kill the build being measured (the server's default is 15 minutes).
process.env['WISSENSNETZ_SEARCH_TIMEOUT_S'] ??= '7200';
// This process indexes like a server but serves no pages: no first-page thread beside the builds it measures.
process.env['WISSENSNETZ_SEARCH_FIRST_PAGE_MS'] = '0';

const { resetConfig } = await import('../../src/lib/config');
const { closeDb, getDb } = await import('../../src/lib/db/client');
const { migrateDatabase } = await import('../../src/lib/db/migrate');
const { insertDocument } = await import('../../src/lib/documents/store');
const { rebuildSearchIndex, requestReindex, getSearchStatus, startSearchIndexing, stopSearchIndexing } = await import('../../src/lib/search/scheduler');
const { generationDir, readPointer, readSnapshot, splitBundle } = await import('../../src/lib/search/layout');
const { redactBundle } = await import('../../src/lib/search/redact');
const { restrictBeitrag } = await import('../fixtures/beitraege');
const { documents } = await import('../../src/lib/db/schema');
const { asc, eq } = await import('drizzle-orm');
const { gunzipSync } = await import('node:zlib');
const { generateBeitrag, prng, shuffleVocabulary, vocabularyAt } = await import('./corpus');
const { openSearch } = await import('../fixtures/search-client');
const { benchQuality } = await import('./search-quality');

/** Sum of resident memory of all descendants of this process (the build worker and pagefind), sampled. */
function descendantsRss(): { sum: number; max: number } {
  const parents = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const mine = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parents) if (mine.has(ppid) && !mine.has(pid)) (mine.add(pid), (grew = true));
  }
  let sum = 0;
  let max = 0;
  for (const pid of mine) {
    if (pid === process.pid) continue;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      const rss = Number(m?.[1] ?? 0) * 1024;
      sum += rss;
      max = Math.max(max, rss);
    } catch {
      // gone
    }
  }
  return { sum, max };
}

async function withPeakMemory<T>(work: () => Promise<T>): Promise<{ result: T; peak: number; largest: number; ms: number }> {
  let peak = 0;
  let largest = 0;
  const timer = setInterval(() => {
    const now = descendantsRss();
    peak = Math.max(peak, now.sum);
    largest = Math.max(largest, now.max);
  }, 100);
  const started = performance.now();
  try {
    const result = await work();
    return { result, peak, largest, ms: performance.now() - started };
  } finally {
    clearInterval(timer);
  }
}

function dirSize(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? dirSize(p) : fs.statSync(p).size;
  }
  return total;
}

shuffleVocabulary(prng(42));
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;

/**
 * The search page opened with a query, as the production server answers it: the first results
 * come from the server (src/lib/search/first-page.ts), and the browser downloads the page and
 * its assets, no index. Times the first such page after a start (the server opens the index)
 * and the next ones; the server's memory before and after.
 */
async function serverFirstPage(dataDir: string, queries: string[]): Promise<string[]> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'start.mjs'))) return ['  first page from the server:  not measured (no production build: npm run build)'];
  const { startProduction } = await import('./server');
  // Production mode: no demo data. (Its start loads the Leitfäden into the hub, and indexes them meanwhile.)
  const server = await startProduction(dataDir, { NODE_ENV: 'production', WISSENSNETZ_SEARCH_FIRST_PAGE_MS: '600000', WISSENSNETZ_SCHEDULED_JOBS: '0' });
  const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  try {
    const before = rss();
    const lines: string[] = [];
    for (const [i, q] of queries.entries()) {
      const started = performance.now();
      const res = await fetch(`${server.url}/suche?q=${encodeURIComponent(q)}`);
      const html = await res.text();
      const ms = performance.now() - started;
      const hits = (html.match(/class="card search-hit"/g) ?? []).length;
      if (!/data-search-served=/.test(html)) throw new Error(`the server sent /suche?q=${q} without its first results`);
      // What a browser downloads for it the first time: the page, its scripts and style sheets (as sent, uncompressed).
      let assets = 0;
      for (const m of html.matchAll(/(?:src|href)="(\/_astro\/[^"]+\.(?:js|css))"/g)) assets += (await (await fetch(`${server.url}${m[1]}`)).arrayBuffer()).byteLength;
      const bytes = Buffer.byteLength(html);
      const again = queries.indexOf(q) < i ? ' (asked again: a kept answer)' : '';
      lines.push(`  first page from the server, "${q}"${i === 0 ? ' (first after the start)' : again}: ${(ms / 1000).toFixed(2)} s, ${hits} hits; download ${kb(bytes + assets)} (page ${kb(bytes)}, its scripts and styles ${kb(assets)}; no index file)`);
    }
    lines.push(`    server memory (RSS) before the first search ${mb(before)}, after ${mb(rss())}`);
    return lines;
  } finally {
    await server.stop();
  }
}

async function bench(n: number): Promise<string[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `wn-bench-${n}-`));
  process.env['WISSENSNETZ_DATA_DIR'] = dataDir;
  resetConfig();
  closeDb();
  migrateDatabase(getDb());
  const rnd = prng(n);
  const genStart = performance.now();
  getDb().transaction(() => {
    for (let i = 0; i < n; i++) {
      const b = generateBeitrag(rnd, i);
      insertDocument({ tenant: b.tenant, source: 'web', status: 'veroeffentlicht', createdBy: null, revisions: [{ data: b.data, bodyMd: b.bodyMd, status: 'veroeffentlicht', authorId: null, authorLabel: 'Benchmark', note: '' }] });
    }
  });
  const genMs = performance.now() - genStart;
  process.stdout.write(`  generated ${n} Beiträge in ${(genMs / 1000).toFixed(1)} s\n`);

  const full = await withPeakMemory(() => rebuildSearchIndex('Benchmark'));
  if (!full.result.ok) throw new Error(full.result.error ?? 'build failed');
  const pointer = readPointer()!;
  const indexBytes = dirSize(path.join(dataDir, 'search', pointer.base));
  // Printed at once too: a run at 100,000 takes long, and a later failure must not lose it.
  process.stdout.write(`  full build ${(full.ms / 1000).toFixed(1)} s, peak ${mb(full.peak)} (largest process ${mb(full.largest)}), index ${mb(indexBytes)}\n`);

  // First query of an anonymous visitor: what pagefind fetches (ten results' fragments, as
  // the search page shows ten), plus its two scripts as the hub serves them (gzipped; the
  // Node client here imports pagefind.js from disk and runs without a worker). A typical
  // query is a specific term (frequency rank 300 of the corpus); the worst case the most frequent word.
  const scripts = ['pagefind.js.gz', 'pagefind-worker.js.gz'].reduce((sum, f) => sum + fs.statSync(path.join(dataDir, 'search', pointer.baseBundles.find((b) => b.endsWith('/public'))!, f)).size, 0);
  const firstQuery = async (query: string, audiences = ['public']) => {
    const session = await openSearch(dataDir, audiences);
    const hits = await session.search(query, {}, 10);
    await new Promise((r) => setTimeout(r, 300));
    await session.close();
    const byKind = new Map<string, number>([['scripts+wasm', scripts]]);
    for (const [file, bytes] of session.served) {
      const kind = /\.(js|pagefind)$/.test(file) ? 'scripts+wasm' : /pf_meta$/.test(file) ? 'meta' : /\/index\//.test(file) ? 'word index' : /\/fragment\//.test(file) ? 'fragments' : /\/filter\//.test(file) ? 'filters' : 'entry';
      byKind.set(kind, (byKind.get(kind) ?? 0) + bytes);
    }
    const total = [...byKind.values()].reduce((a, b) => a + b, 0);
    return `${kb(total)} for "${query}" (${hits.length} hits shown): ${[...byKind].map(([k, b]) => `${k} ${kb(b)}`).join(', ')}`;
  };
  const typical = await firstQuery(vocabularyAt(300));
  const frequent = await firstQuery(vocabularyAt(0));
  // A signed-in member of a Kommune merges the public shards, the intern index and the Kommune's own.
  const member = ['public', 'intern', 'kommune-olfen'];
  const memberTypical = await firstQuery(vocabularyAt(300), member);
  const memberFrequent = await firstQuery(vocabularyAt(0), member);
  const shards = pointer.baseBundles.filter((b) => b.split('/')[1]!.startsWith('public')).length;

  // From here on the process behaves like a server: publishing asks for a reindex.
  startSearchIndexing();
  while (getSearchStatus().running.length > 0) await new Promise((r) => setTimeout(r, 100));
  // Publish one Beitrag into the hub that holds n and wait until a query finds it.
  const word = `Zebrastreifenprüfung${n}`;
  const fresh = generateBeitrag(prng(n + 1), n, 800, `${word} in der Ortsmitte`);
  const latency = await withPeakMemory(async () => {
    const published = performance.now();
    insertDocument({ tenant: fresh.tenant, source: 'web', status: 'veroeffentlicht', createdBy: null, revisions: [{ data: { ...fresh.data, visibility: 'oeffentlich' }, bodyMd: fresh.bodyMd, status: 'veroeffentlicht', authorId: null, authorLabel: 'Benchmark', note: '' }] });
    requestReindex('Benchmark: Veröffentlichung');
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      if (!readPointer()?.recent) continue;
      const s = await openSearch(dataDir, ['public']);
      const hits = await s.search(word);
      await s.close();
      if (hits.length > 0) return performance.now() - published;
    }
  });
  const recentBuild = getSearchStatus().history.find((b) => b.reason.includes('Benchmark: Veröffentlichung'));

  // Withdraw a public Beitrag of the full build (restricted to its Kommune, as approving such a
  // revision does): its shard is copied without it (redact.ts). First that copy alone, timed …
  const victim = getDb().select({ id: documents.id, tenant: documents.tenant, slug: documents.slug }).from(documents).where(eq(documents.visibility, 'oeffentlich')).orderBy(asc(documents.id)).limit(1).get()!;
  const before = readPointer()!;
  const entry = readSnapshot(before.base)!.entries[`doc:${victim.id}`]!;
  const shard = splitBundle(entry.bundle);
  const scratch = fs.mkdtempSync(path.join(dataDir, 'redact-'));
  const redactStarted = performance.now();
  const redactCpu = process.cpuUsage();
  const redacted = redactBundle(path.join(generationDir(shard.generation), shard.folder), path.join(scratch, shard.folder), new Set([entry.pageId]));
  const redactMs = performance.now() - redactStarted;
  const redactCpuMs = ((c) => (c.user + c.system) / 1000)(process.cpuUsage(redactCpu));
  fs.rmSync(scratch, { recursive: true, force: true });
  // … then as the hub does it, until the public bundles it serves no longer hold the Beitrag's URL.
  const victimUrl = `"/${victim.tenant}/beitraege/${victim.slug}"`;
  const servedPublicHolds = (needle: string) => {
    const p = readPointer()!;
    for (const b of [...p.baseBundles, ...p.recentBundles, ...p.grace]) {
      const { generation, folder, audience } = splitBundle(b);
      if (audience !== 'public') continue;
      const dir = path.join(generationDir(generation), folder, 'fragment');
      for (const f of fs.readdirSync(dir)) if (gunzipSync(fs.readFileSync(path.join(dir, f))).toString('utf8').includes(needle)) return true;
    }
    return false;
  };
  if (!servedPublicHolds(victimUrl)) throw new Error('the Beitrag to withdraw is not in the public index');
  const withdrawal = await withPeakMemory(async () => {
    const started = performance.now();
    restrictBeitrag(victim.id, 'kommune');
    requestReindex('Benchmark: Rücknahme');
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      const p = readPointer();
      if (p && p.switchedAt !== before.switchedAt && !p.baseBundles.includes(entry.bundle)) return performance.now() - started;
    }
  });
  const leaked = servedPublicHolds(victimUrl);
  const withdrawBuild = getSearchStatus().history.find((b) => b.reason.includes('Benchmark: Rücknahme'));
  const typicalAfter = await firstQuery(vocabularyAt(300));
  await stopSearchIndexing();
  // A failure here must not lose the figures above (a run at 100,000 takes an hour).
  const served = await serverFirstPage(dataDir, [vocabularyAt(300), vocabularyAt(301), vocabularyAt(0), vocabularyAt(0)]).catch((err: Error) => [`  first page from the server:  FAILED (${err.message.split('\n')[0]})`]);
  closeDb();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return [
    `${n} Beiträge (≈ 800 Wörter, generated in ${(genMs / 1000).toFixed(1)} s)`,
    `  full build:                 ${(full.ms / 1000).toFixed(1)} s (worker incl. start-up)`,
    `  peak memory, full build:    ${mb(full.peak)} (build worker + pagefind service, RSS sampled every 100 ms; largest single process ${mb(full.largest)})`,
    `  index size on disk:         ${mb(indexBytes)} (all audiences of the full build)`,
    `  first query download:       ${typical}`,
    `    worst case (frequent words): ${frequent}`,
    `    (anonymous visitor; ${shards} public base shard(s) merged; plus the 7 KB search page script)`,
    `  first query, Kommune member: ${memberTypical}`,
    `    worst case (frequent words): ${memberFrequent}`,
    `    (public shards + intern + kommune-olfen merged)`,
    `  publish-to-searchable:      ${(latency.result / 1000).toFixed(1)} s (debounce 100 ms, recent build ${((recentBuild?.durationMs ?? 0) / 1000).toFixed(1)} s)`,
    `  peak memory, recent build:  ${mb(latency.peak)}`,
    `  withdraw-to-gone:           ${(withdrawal.result / 1000).toFixed(1)} s (a public Beitrag of the full build made nur Kommune, until no served public file holds it${leaked ? ' — BUT ITS URL IS STILL SERVED' : ''}; recent build ${((withdrawBuild?.durationMs ?? 0) / 1000).toFixed(1)} s)`,
    `    copying its shard without it: ${(redactMs / 1000).toFixed(2)} s (CPU ${(redactCpuMs / 1000).toFixed(2)} s; ${redacted.pages} pages left, ${redacted.rewritten} of ${redacted.chunks} word-index chunks rewritten, the rest linked)`,
    `  peak memory, withdrawal:    ${mb(withdrawal.peak)}`,
    `  first query after it:       ${typicalAfter}`,
    ...served,
  ];
}

const lines = [`Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, Node ${process.version}, pagefind ${(JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/pagefind/package.json'), 'utf8')) as { version: string }).version}`];
if (process.env['BENCH_QUALITY'] !== '0') {
  for (const distractors of [0, 2000]) {
    process.stdout.write(`… search quality suite${distractors ? ` with ${distractors} distractors` : ''}\n`);
    const table = await benchQuality(distractors);
    process.stdout.write(`${table}\n`);
    lines.push(`Search quality: ${table}`);
  }
}
for (const n of sizes) {
  process.stdout.write(`… ${n} Beiträge\n`);
  const result = await bench(n);
  process.stdout.write(result.join('\n') + '\n');
  lines.push(...result);
}
process.stdout.write(lines.join('\n') + '\n');
process.exit(0);
