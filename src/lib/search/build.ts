import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getConfig } from '../config';
import { writeBundles } from './bundle';
import { createEnricher } from './enrich';
import { nounsOf, readCuratedParts } from './lexicon';
import { generationDir, newGenerationName, readPointer, readSnapshot, searchDir, type HiddenEntry, type SearchPointer, type Snapshot } from './layout';
import { listIndexEntries, loadRecords, type IndexEntry } from './records';
import { readSynonyms } from './synonyms';

/** Raise when the way texts are indexed changes, so existing bases are rebuilt. */
const INDEX_FORMAT = 8; // 7: text inside files, stand.json per bundle; 8: compacted bundles (compact.ts)

export type BuildMode = 'full' | 'recent';

/** What a build worker reports back; the scheduler decides whether to switch to it. */
export interface BuildOutcome {
  mode: BuildMode;
  /** A pointer to switch to, or null when a recent build found no base to build on. */
  pointer: SearchPointer | null;
  /** Entries in the new generation(s). */
  documents: number;
  /** Entries changed since the base (size of the recent build). */
  changed: number;
  baseBuiltAt: string | null;
}

/** Hash of everything besides the texts that shapes the index (synonyms, word parts, format). */
export function indexConfigHash(contentDir = getConfig().contentDir): string {
  const h = createHash('sha256').update(String(INDEX_FORMAT));
  for (const f of ['synonyme.yml', 'wortteile.txt']) {
    const file = path.join(contentDir, 'suche', f);
    h.update(f).update(fs.existsSync(file) ? fs.readFileSync(file) : '');
  }
  return h.digest('hex').slice(0, 16);
}

/** The corpus lexicon: curated parts plus the nouns of every text, read in chunks. */
function corpusLexicon(keys: string[]): Set<string> {
  const lexicon = new Set(readCuratedParts(getConfig().contentDir));
  for (let i = 0; i < keys.length; i += 500) {
    for (const r of loadRecords(new Set(keys.slice(i, i + 500)))) for (const n of nounsOf(`${r.title}. ${r.lead} ${r.text}`)) lexicon.add(n);
  }
  return lexicon;
}

/** Builds into tmp-…, then renames the folder into place: a generation is complete or absent. */
async function buildGeneration(kind: 'b' | 'r', entries: IndexEntry[], lexiconWords: Iterable<string> | null) {
  const name = newGenerationName(kind);
  const tmp = path.join(searchDir(), `tmp-${process.pid}-${Date.now()}`);
  fs.mkdirSync(tmp, { recursive: true });
  try {
    const lexicon = lexiconWords ? new Set(lexiconWords) : corpusLexicon(entries.map((e) => e.key));
    const bundles = await writeBundles(entries, tmp, createEnricher(lexicon, readSynonyms(getConfig().contentDir)), name);
    return { name, tmp, lexicon, bundles };
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

function publishGeneration(tmp: string, name: string): void {
  fs.renameSync(tmp, generationDir(name));
}

/** Entries that differ from the base: new, changed, moved to another audience or gone. */
function diff(snapshot: Snapshot, entries: IndexEntry[]): { changed: IndexEntry[]; superseded: string[] } {
  const now = new Map(entries.map((e) => [e.key, e]));
  const changed = entries.filter((e) => {
    const old = snapshot.entries[e.key];
    return !old || old.fingerprint !== e.fingerprint || old.audience !== e.audience;
  });
  const superseded = Object.keys(snapshot.entries).filter((k) => {
    const e = now.get(k);
    return !e || e.fingerprint !== snapshot.entries[k]!.fingerprint || e.audience !== snapshot.entries[k]!.audience;
  });
  return { changed, superseded };
}

function hiddenOf(snapshot: Snapshot, superseded: string[]): Record<string, HiddenEntry[]> {
  const hidden: Record<string, HiddenEntry[]> = {};
  for (const key of superseded) {
    const e = snapshot.entries[key]!;
    if (e.pageId) (hidden[e.audience] ??= []).push({ id: e.pageId, filters: e.filters });
  }
  return hidden;
}

/** Builds the Beiträge changed since `base` and returns the pointer that serves both. */
async function buildRecentOn(base: string, snapshot: Snapshot, baseBundles: string[]): Promise<{ pointer: SearchPointer; documents: number; changed: number }> {
  const { changed, superseded } = diff(snapshot, listIndexEntries());
  let recent: string | null = null;
  let recentBundles: string[] = [];
  let documents = 0;
  if (changed.length > 0) {
    const gen = await buildGeneration('r', changed, snapshot.lexicon);
    publishGeneration(gen.tmp, gen.name);
    recent = gen.name;
    recentBundles = Object.keys(gen.bundles.counts);
    documents = Object.values(gen.bundles.counts).reduce((a, b) => a + b, 0);
  }
  const pointer: SearchPointer = { base, recent, baseBundles, recentBundles, hidden: hiddenOf(snapshot, superseded), switchedAt: new Date().toISOString() };
  return { pointer, documents, changed: changed.length };
}

async function buildFull(): Promise<BuildOutcome> {
  const entries = listIndexEntries();
  const gen = await buildGeneration('b', entries, null);
  const snapshot: Snapshot = {
    configHash: indexConfigHash(),
    builtAt: new Date().toISOString(),
    entries: Object.fromEntries(
      entries
        .filter((e) => gen.bundles.filters[e.key])
        .map((e) => [e.key, { audience: e.audience, fingerprint: e.fingerprint, pageId: gen.bundles.pageIds[e.key] ?? '', filters: gen.bundles.filters[e.key]! }]),
    ),
    lexicon: [...gen.lexicon],
  };
  fs.writeFileSync(path.join(gen.tmp, 'snapshot.json'), JSON.stringify(snapshot));
  publishGeneration(gen.tmp, gen.name);
  // Whatever was published while the base was built goes into a recent build right away.
  const { pointer, documents } = await buildRecentOn(gen.name, snapshot, Object.keys(gen.bundles.counts));
  return { mode: 'full', pointer, documents: Object.keys(snapshot.entries).length + documents, changed: documents, baseBuiltAt: snapshot.builtAt };
}

async function buildRecent(): Promise<BuildOutcome> {
  const current = readPointer();
  const snapshot = current ? readSnapshot(current.base) : null;
  if (!current || !snapshot || snapshot.configHash !== indexConfigHash()) {
    return { mode: 'recent', pointer: null, documents: 0, changed: 0, baseBuiltAt: null };
  }
  const { pointer, documents, changed } = await buildRecentOn(current.base, snapshot, current.baseBundles);
  return { mode: 'recent', pointer, documents, changed, baseBuiltAt: snapshot.builtAt };
}

/** One build, as run by the worker process (src/cli/search-worker.ts). */
export async function runBuild(mode: BuildMode): Promise<BuildOutcome> {
  fs.mkdirSync(searchDir(), { recursive: true });
  // The text inside attached files is read in a step of its own (text-cache.ts); a build uses what is there.
  return mode === 'full' ? buildFull() : buildRecent();
}
