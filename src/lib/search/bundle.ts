import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as pagefind from 'pagefind';
import { escapeHtml } from '../format';
import { CHUNK_BYTES, compactBundle } from './compact';
import { pagefindFileContent } from './pagefind-files';
import { pagefindServices, watchPagefind } from './pagefind-process';
import { HEAD_CLOSE, HEAD_OPEN, MARKERS, MODIFIER_CLOSE, MODIFIER_OPEN, SYNONYM_CLOSE, SYNONYM_OPEN, type Enricher } from './enrich';
import { packMeta, unpackMeta } from './meta';
import { countWords, writeWordLists, type WordCounts } from './word-lists';
import { loadRecords, type IndexEntry, type SearchRecord } from './records';

/** Pagefind's own UI files: we ship our own search page, so they are not written. */
const UNUSED_FILES = /^pagefind-(component-ui|modular-ui|ui|highlight)\.(js|css)$|^wasm\.unknown\.pagefind$/;

export interface BundleResult {
  /** Entries per bundle folder. */
  counts: Record<string, number>;
  /** Pagefind's page id per record key (its fragment's name), to take the page out again (redact.ts). */
  pageIds: Record<string, string>;
  /** The bundle folder per record key: only records that were indexed. */
  bundles: Record<string, string>;
}

/** Weights of a record's parts (pagefind's h1 is 7, other text 1; the scale is quadratic). */
const TITLE_WEIGHT = 7;
const TAG_WEIGHT = 5;
const LEAD_WEIGHT = 4;
const BODY_WEIGHT = 1;
/** Synonyms count for a quarter of the word itself. */
const SYNONYM_WEIGHT = 0.5;
/** The head of a compound ("station" in "Ladestation") counts half as much as the written word, in the element it stands in. */
const HEAD_SHARE = 0.5;
/** A modifier ("stadt" in "Stadtwerke") a quarter: the compound is not about it. */
const MODIFIER_SHARE = 0.25;

/** Enriched text as HTML: synonyms and compound parts become elements of lower weight than the element's own words. */
function enrichedHtml(text: string, enrich: Enricher, weight: number, words?: WordCounts): string {
  const span = (w: number) => `<span data-pagefind-weight="${Number(w.toFixed(3))}">`;
  const enriched = enrich(text.replace(MARKERS, ' '));
  // The word lists hold the words pagefind indexes: compound parts and synonyms too, so that the
  // search page can split a query word into parts the hub has only inside compounds or as synonyms.
  if (words) countWords(enriched, words);
  return escapeHtml(enriched)
    .replaceAll(SYNONYM_OPEN, span(SYNONYM_WEIGHT))
    .replaceAll(HEAD_OPEN, span(weight * HEAD_SHARE))
    .replaceAll(MODIFIER_OPEN, span(weight * MODIFIER_SHARE))
    .replace(new RegExp(`[${SYNONYM_CLOSE}${HEAD_CLOSE}${MODIFIER_CLOSE}]`, 'g'), '</span>');
}

/**
 * A record as a small HTML document, so that pagefind weights the title (h1), the tags and
 * the summary above the body. The title is pagefind's searchable "title" meta; the facts
 * shown with a hit (Kommune, Art, Themenfelder, Stand) and the record's key travel packed
 * in one meta that pagefind cannot split into words (meta.ts), because pagefind searches
 * every meta field: "Schule" would otherwise find every Beitrag of the Themenfeld
 * "Bildung und Schule". Filters travel in <meta> elements. No pagefind sort keys: it cannot
 * sort across merged indexes, so the search page sorts by the Stand itself. The generation
 * in the meta makes result ids differ between base and recent builds of the same Beitrag.
 */
export function recordHtml(r: SearchRecord, enrich: Enricher, generation: string, words?: WordCounts): string {
  const head = [
    `<meta data-pagefind-meta="title[content]" content="${escapeHtml(r.title)}">`,
    `<meta data-pagefind-meta="d[content]" content="${packMeta({ ...r.meta, key: r.key, g: generation })}">`,
    ...Object.entries(r.filters).flatMap(([k, values]) => values.map((v) => `<meta data-pagefind-filter="${k}[content]" content="${escapeHtml(v)}">`)),
  ];
  const tags = r.tags.length > 0 ? `<p data-pagefind-weight="${TAG_WEIGHT}">${enrichedHtml(r.tags.join(', '), enrich, TAG_WEIGHT, words)}</p>` : '';
  return `<!doctype html><html lang="de"><head>${head.join('')}</head><body><h1>${enrichedHtml(r.title, enrich, TITLE_WEIGHT, words)}</h1>${tags}<p data-pagefind-weight="${LEAD_WEIGHT}">${enrichedHtml(r.lead, enrich, LEAD_WEIGHT, words)}</p><div>${enrichedHtml(r.text, enrich, BODY_WEIGHT, words)}</div></body></html>`;
}

/**
 * Pagefind holds a whole index in memory while writing it (with the hidden terms of the
 * language work about 1 MB per generated Beitrag of 800 words: 2.5 GB for 2,500), so a
 * large audience is split into shards of at most this many entries, which browsers merge.
 * Smaller shards need less memory but rank worse: a browser merges the shards' results,
 * each scored against its own shard (the quality suite among 2,000 distractors: 91.8 %
 * in one shard, 90.6 % in two of 1,035, 87.6 % in three).
 */
function shardLimit(): number {
  const n = Number(process.env['WISSENSNETZ_SEARCH_SHARD_SIZE'] ?? '');
  return Number.isInteger(n) && n > 0 ? n : 2500;
}

/** Target size of a word-index chunk (compact.ts); tests make it tiny to put words on chunk edges. */
function chunkBytes(): number {
  const n = Number(process.env['WISSENSNETZ_SEARCH_CHUNK_BYTES'] ?? '');
  return Number.isInteger(n) && n > 0 ? n : CHUNK_BYTES;
}

/**
 * The start of the result ids of one bundle: base and recent generations ("b"/"r") and the
 * bundles within one must never share ids. Derived from the bundle's own name, not from
 * its place in the build, so that the ids a person sees tell nothing about the bundles
 * (intern, other Kommunen) they may not read.
 */
function idPrefixOf(generation: string, folder: string, taken: Set<string>): string {
  const hash = createHash('sha256').update(folder).digest('hex');
  let length = 3;
  while (taken.has(hash.slice(0, length))) length++;
  taken.add(hash.slice(0, length));
  return `${generation[0]}${hash.slice(0, length)}_`;
}

/** Records are loaded in chunks, so the worker never holds every text at once. */
const CHUNK = 250;
/**
 * Records sent to pagefind before the answer to the first of them is awaited. Pagefind's
 * service handles its messages one after another, in order, so while it parses one record
 * this process enriches the next ones (two cores work instead of one taking turns); the
 * order of the pages, and so the index, stays the same.
 */
const IN_FLIGHT = 16;

async function writeAudience(audience: string, keys: string[], outDir: string, enrich: Enricher, generation: string, indexed: string[], stands: Record<string, string>, words: WordCounts): Promise<number> {
  // createIndex starts pagefind's process when none runs (each shard gets a fresh one).
  const before = pagefindServices();
  const creating = pagefind.createIndex({ forceLanguage: 'de' });
  // Closing the wrapper fails every request on its way, so the awaits below end at once.
  const watch = watchPagefind(before, () => void pagefind.close());
  const endedError = () => new Error(`pagefind's process (pid ${watch.pid}) ended unexpectedly while indexing ${audience} (killed, e.g. for lack of memory?)`);
  let created: Awaited<typeof creating>;
  try {
    created = await creating;
  } catch (err) {
    watch.stop();
    throw watch.ended() ? endedError() : err;
  }
  const { index, errors } = created;
  if (!index) {
    watch.stop();
    throw new Error(`pagefind createIndex failed: ${errors.join('; ')}`);
  }
  let count = 0;
  const pending: { key: string; added: ReturnType<typeof index.addHTMLFile> }[] = [];
  const settleOldest = async () => {
    const { key, added } = pending.shift()!;
    const { errors: failed } = await added;
    if (failed.length > 0) throw new Error(`pagefind could not index ${key}: ${failed.join('; ')}`);
  };
  try {
    for (let i = 0; i < keys.length; i += CHUNK) {
      for (const r of loadRecords(new Set(keys.slice(i, i + CHUNK)))) {
        // Visibility changed since the entries were listed: never put it into this audience.
        if (r.audience !== audience) continue;
        const added = index.addHTMLFile({ url: r.url, content: recordHtml(r, enrich, generation, words) });
        // When pagefind's process ends, every record on its way fails at once: each is awaited in
        // turn below (the first failure fails the build), the others must not count as unhandled.
        added.catch(() => {});
        pending.push({ key: r.key, added });
        indexed.push(r.key);
        stands[r.key] = r.stand;
        count++;
        if (pending.length >= IN_FLIGHT) await settleOldest();
      }
    }
    while (pending.length > 0) await settleOldest();
    const written = await index.writeFiles({ outputPath: outDir });
    if (written.errors.length > 0) throw new Error(`pagefind could not write ${outDir}: ${written.errors.join('; ')}`);
    await filesSettled(outDir);
  } catch (err) {
    throw watch.ended() ? endedError() : err;
  } finally {
    watch.stop();
    // After a failure, the records still on their way are answered before the index is deleted
    // (when the process ended, closing the wrapper answered them, and there is no index to delete).
    await Promise.allSettled(pending.map((p) => p.added));
    if (!watch.ended()) await index.deleteIndex();
  }
  return count;
}

/** Every file below `dir` with its size. */
function sizes(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out.set(full, fs.statSync(full).size);
  }
  return out;
}

/**
 * Pagefind's service answers writeFiles before its last writes reach the disk (it does not
 * flush them), and closing the service then can leave files empty or cut off: wait until
 * no file is empty and no size changed for a moment (at most 10 s). verify-bundle.ts still
 * checks the result before it is served.
 */
async function filesSettled(dir: string): Promise<void> {
  const end = Date.now() + 10_000;
  let before = '';
  let steady = 0;
  while (Date.now() < end) {
    const now = sizes(dir);
    const key = JSON.stringify([...now].sort());
    const complete = now.size > 0 && [...now.values()].every((n) => n > 0);
    steady = complete && key === before ? steady + 1 : 0;
    if (steady >= 2) return;
    before = key;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Reads which pagefind page id each record got, from the written fragments. */
function readPageIds(outDir: string): Record<string, string> {
  const dir = path.join(outDir, 'fragment');
  const ids: Record<string, string> = {};
  if (!fs.existsSync(dir)) return ids;
  for (const file of fs.readdirSync(dir)) {
    const fragment = JSON.parse(pagefindFileContent(path.join(dir, file)).toString('utf8')) as { meta?: { d?: string } };
    const key = fragment.meta?.d ? unpackMeta(fragment.meta.d)['key'] : undefined;
    if (key) ids[key] = file.replace(/\.pf_fragment$/, '');
  }
  return ids;
}

/**
 * stand.json: the Stand of every page of a bundle, by pagefind page id. Pagefind sorts each
 * merged index on its own and then mixes the results by score, so the search page sorts
 * by date itself, over all matches, with these (loaded only when someone sorts by date).
 */
const STANDS_FILE = 'stand.json'; // src/scripts/search/page.ts asks for it by this name

function writeStands(outDir: string, pageIds: Record<string, string>, stands: Record<string, string>): void {
  const byPage: Record<string, string> = {};
  for (const [key, stand] of Object.entries(stands)) if (pageIds[key]) byPage[pageIds[key]] = stand;
  fs.writeFileSync(path.join(outDir, STANDS_FILE), JSON.stringify(byPage));
}

/**
 * Put before pagefind's worker script, which downloads the index files of the search page:
 * pagefind loads each word-index or filter chunk once, and when that download fails (a dropped
 * connection, a server busy for a moment) it logs an error, keeps the chunk as loaded, and
 * every later search of the page silently misses the words in it. The worker's fetch therefore
 * tries an index file up to three times (network errors and 5xx answers, about a second in all),
 * and tells the page of one that still failed, on the port pagefind's answers take, ahead of the
 * answer that missed it (src/scripts/search/pagefind.ts listens; pagefind ignores the message).
 */
const WORKER_RETRY = `/* Wissensnetz: index files are tried again when their download fails (src/lib/search/bundle.ts). */
(() => {
  const plain = self.fetch.bind(self);
  const failed = (url) => self.postMessage({ wissensnetzIndexFileFailed: url });
  self.fetch = async (input, init) => {
    const url = String(typeof input === 'object' && input !== null && 'url' in input ? input.url : input);
    if (!/\\.pf_(index|filter|fragment|meta)(\\?|$)/.test(url)) return plain(input, init);
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await plain(input, init);
        if (res.ok || res.status < 500 || attempt === 3) {
          if (!res.ok) failed(url);
          return res;
        }
      } catch (err) {
        if (attempt === 3) {
          failed(url);
          throw err;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  };
})();
`;

/** Drops pagefind's UI files and stores its scripts (and the Stand list) gzipped too, for browsers that accept it. */
function tidyBundle(outDir: string): void {
  const worker = path.join(outDir, 'pagefind-worker.js');
  if (fs.existsSync(worker)) fs.writeFileSync(worker, WORKER_RETRY + fs.readFileSync(worker, 'utf8'));
  for (const file of fs.readdirSync(outDir)) {
    const full = path.join(outDir, file);
    if (UNUSED_FILES.test(file)) fs.rmSync(full);
    else if (file.endsWith('.js') || file === STANDS_FILE) fs.writeFileSync(`${full}.gz`, gzipSync(fs.readFileSync(full), { level: 9 }));
  }
}

/**
 * Writes pagefind bundles into dir/<audience>/ (and dir/<audience>.<n>/ for further
 * shards). Audiences without entries get no bundle. The pagefind service is closed in
 * every case.
 */
export async function writeBundles(entries: IndexEntry[], dir: string, enrich: Enricher, generation: string): Promise<BundleResult> {
  const byAudience = new Map<string, string[]>();
  for (const e of entries) {
    const keys = byAudience.get(e.audience);
    if (keys) keys.push(e.key);
    else byAudience.set(e.audience, [e.key]);
  }
  const result: BundleResult = { counts: {}, pageIds: {}, bundles: {} };
  const shardSize = shardLimit();
  try {
    const written: { folder: string; outDir: string; count: number; stands: Record<string, string> }[] = [];
    for (const [audience, keys] of byAudience) {
      // Shards of equal size: 7,000 entries with the limit of 2,500 make three of 2,334. Entries
      // are dealt out in turn, not cut in runs: the entries are in the order they were written
      // (ids), and a shard of only old or only new ones has word statistics of its own, so its
      // scores, which a browser merges with the other shards' as they are, would not compare.
      const shards = Math.ceil(keys.length / shardSize);
      for (let shard = 0; shard < shards; shard++) {
        const folder = shard === 0 ? audience : `${audience}.${shard + 1}`;
        const outDir = path.join(dir, folder);
        const stands: Record<string, string> = {};
        const indexed: string[] = [];
        const words: WordCounts = new Map();
        const count = await writeAudience(audience, keys.filter((_, i) => i % shards === shard), outDir, enrich, generation, indexed, stands, words);
        for (const key of indexed) result.bundles[key] = folder;
        // A fresh pagefind service per shard: its memory grows with the pages of one index.
        await pagefind.close();
        if (count === 0) fs.rmSync(outDir, { recursive: true, force: true });
        else {
          // Written now, so that the counts of one shard at a time are held (100,000 Beiträge: 40 shards).
          writeWordLists(outDir, words);
          written.push({ folder, outDir, count, stands });
        }
      }
    }
    // Compacted once no pagefind process runs any more, so that the memory both need is
    // not needed at the same time.
    const taken = new Set<string>();
    for (const { folder, outDir, count, stands } of written) {
      compactBundle(outDir, idPrefixOf(generation, folder, taken), chunkBytes());
      const pageIds = readPageIds(outDir);
      writeStands(outDir, pageIds, stands);
      tidyBundle(outDir);
      result.counts[folder] = count;
      Object.assign(result.pageIds, pageIds);
    }
  } catch (err) {
    throw new Error(`Building the search index in ${dir} failed: ${(err as Error).message}`, { cause: err });
  } finally {
    await pagefind.close();
  }
  return result;
}
