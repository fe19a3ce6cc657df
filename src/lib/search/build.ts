import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getConfig } from '../config';
import { writeBundles } from './bundle';
import { mergeLexicons, wordLexicon } from './decompound';
import { dictionaryParts } from './dictionary';
import { createEnricher, MARKERS, type Enricher } from './enrich';
import { nounsOf, readCuratedParts } from './lexicon';
import { generationDir, newGenerationName, POINTER_FORMAT, readPointer, readSnapshot, searchDir, type SearchPointer, type Snapshot } from './layout';
import { listIndexEntries, loadRecords, type IndexEntry } from './records';
import { readSynonyms } from './synonyms';
import { verifyBundle } from './verify-bundle';
import { readThesaurus, thesaurusStamp } from './thesaurus';
import type { PageWords } from './redact';
import { graceOf, redactBase } from './withdraw';
import { countWords, type WordCounts } from './word-lists';

/** Raise when the way texts are indexed changes, so existing bases are rebuilt. */
const INDEX_FORMAT = 13; // 7: text inside files, stand.json per bundle; 8: compacted bundles (compact.ts); 9: snapshots name bundles (redact.ts); 10: dictionary compounds, thesaurus, packed meta, word lists; 11: synonyms of compound parts; 12: compound heads and modifiers weighted apart, known ends of unknown compounds, thesaurus main forms and abbreviations, parts and synonyms in the word lists; 13: hidden terms only in the word index, not in the pages' texts

export type BuildMode = 'full' | 'recent';

/** What a build worker reports back; the scheduler decides whether to switch to it. */
export interface BuildOutcome {
  mode: BuildMode;
  /** A pointer to switch to, or null when a recent build found no base to build on. */
  pointer: SearchPointer | null;
  /** The base generation a recent build started from: it must still be the current one to switch. */
  from: string | null;
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
  h.update(thesaurusStamp());
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
/** The enrichment of a generation whose corpus has these words (its snapshot's lexicon). */
async function enricherOf(lexicon: Set<string>): Promise<Enricher> {
  return createEnricher(mergeLexicons(await dictionaryParts(), wordLexicon(lexicon)), readSynonyms(getConfig().contentDir), readThesaurus());
}

/** The words a page of the base was indexed with, from its text (redact.ts): the base's enrichment counted as the build counts. */
function pageWordsOf(enrich: Enricher): PageWords {
  return (text) => {
    const counts: WordCounts = new Map();
    countWords(enrich(text.replace(MARKERS, ' ')), counts);
    return counts.keys();
  };
}

async function buildGeneration(kind: 'b' | 'r', entries: IndexEntry[], lexiconWords: Iterable<string> | null, enricher?: Enricher) {
  const name = newGenerationName(kind);
  const tmp = path.join(searchDir(), `tmp-${process.pid}-${name}`);
  fs.mkdirSync(tmp, { recursive: true });
  try {
    const lexicon = lexiconWords ? new Set(lexiconWords) : corpusLexicon(entries.map((e) => e.key));
    const enrich = enricher ?? (await enricherOf(lexicon));
    const bundles = await writeBundles(entries, tmp, enrich, name);
    // Pagefind's service has been closed by now: whatever it did not write completely never gets served.
    for (const folder of Object.keys(bundles.counts)) verifyBundle(path.join(tmp, folder), folder);
    return { name, tmp, lexicon, bundles };
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

function publishGeneration(tmp: string, name: string): void {
  fs.renameSync(tmp, generationDir(name));
}

/** Base entries whose text may no longer be served: changed since, moved to another audience, or gone. */
function supersededIn(snapshot: Snapshot, entries: IndexEntry[]): string[] {
  const now = new Map(entries.map((e) => [e.key, e]));
  return Object.keys(snapshot.entries).filter((k) => {
    const e = now.get(k);
    return !e || e.fingerprint !== snapshot.entries[k]!.fingerprint || e.audience !== snapshot.entries[k]!.audience;
  });
}

/** What a generation holds, entry by entry, from what its bundles were built of. */
function snapshotEntries(name: string, entries: IndexEntry[], bundles: { pageIds: Record<string, string>; bundles: Record<string, string> }): Snapshot['entries'] {
  return Object.fromEntries(
    entries
      .filter((e) => bundles.bundles[e.key])
      .map((e) => [e.key, { audience: e.audience, fingerprint: e.fingerprint, bundle: `${name}/${bundles.bundles[e.key]}`, pageId: bundles.pageIds[e.key] ?? '' }]),
  );
}

/**
 * Builds the Beiträge changed since the base and returns the pointer that serves both.
 * Base entries superseded since are first taken out of their shards (withdraw.ts), so no
 * served file holds their old text; the recent build then holds their current version.
 */
async function buildRecentOn(base: string, snapshot: Snapshot, baseBundles: string[]): Promise<{ pointer: SearchPointer; documents: number; changed: number }> {
  const previous = readPointer();
  const entries = listIndexEntries();
  // The base's snapshot as read (a generation never changes once published): graceOf needs it again.
  const read = { generation: base, snapshot };
  const superseded = supersededIn(snapshot, entries);
  // What the recent build indexes: entries the base does not hold, or holds in a version taken out below.
  const taken = new Set(superseded);
  const changed = entries.filter((e) => !snapshot.entries[e.key] || taken.has(e.key));
  // One enrichment for both: the words of the pages taken out (their word lists) and the recent build.
  const enrich = superseded.length > 0 || changed.length > 0 ? await enricherOf(new Set(snapshot.lexicon)) : undefined;
  if (superseded.length > 0) ({ generation: base, snapshot, bundles: baseBundles } = redactBase(snapshot, baseBundles, superseded, pageWordsOf(enrich!)));
  let recent: string | null = null;
  let recentBundles: string[] = [];
  let documents = 0;
  if (changed.length > 0) {
    const gen = await buildGeneration('r', changed, snapshot.lexicon, enrich);
    const recentSnapshot: Snapshot = { configHash: snapshot.configHash, builtAt: new Date().toISOString(), entries: snapshotEntries(gen.name, changed, gen.bundles), lexicon: [] };
    fs.writeFileSync(path.join(gen.tmp, 'snapshot.json'), JSON.stringify(recentSnapshot));
    publishGeneration(gen.tmp, gen.name);
    recent = gen.name;
    recentBundles = Object.keys(gen.bundles.counts).map((folder) => `${gen.name}/${folder}`);
    documents = Object.values(gen.bundles.counts).reduce((a, b) => a + b, 0);
  }
  const grace = graceOf(previous, { baseBundles, recentBundles }, entries, (g) => (g === read.generation ? read.snapshot : readSnapshot(g)));
  const pointer: SearchPointer = { format: POINTER_FORMAT, base, baseBundles, recent, recentBundles, grace, switchedAt: new Date().toISOString() };
  return { pointer, documents, changed: changed.length };
}

async function buildFull(): Promise<BuildOutcome> {
  const entries = listIndexEntries();
  const gen = await buildGeneration('b', entries, null);
  const snapshot: Snapshot = { configHash: indexConfigHash(), builtAt: new Date().toISOString(), entries: snapshotEntries(gen.name, entries, gen.bundles), lexicon: [...gen.lexicon] };
  fs.writeFileSync(path.join(gen.tmp, 'snapshot.json'), JSON.stringify(snapshot));
  publishGeneration(gen.tmp, gen.name);
  // Whatever was published (or withdrawn) while the base was built goes into a recent build right away.
  const { pointer, documents } = await buildRecentOn(gen.name, snapshot, Object.keys(gen.bundles.counts).map((folder) => `${gen.name}/${folder}`));
  return { mode: 'full', pointer, from: null, documents: Object.keys(snapshot.entries).length + documents, changed: documents, baseBuiltAt: snapshot.builtAt };
}

async function buildRecent(): Promise<BuildOutcome> {
  const current = readPointer();
  const snapshot = current ? readSnapshot(current.base) : null;
  if (!current || !snapshot || snapshot.configHash !== indexConfigHash()) {
    return { mode: 'recent', pointer: null, from: null, documents: 0, changed: 0, baseBuiltAt: null };
  }
  const { pointer, documents, changed } = await buildRecentOn(current.base, snapshot, current.baseBundles);
  return { mode: 'recent', pointer, from: current.base, documents, changed, baseBuiltAt: snapshot.builtAt };
}

/** One build, as run by the worker process (src/cli/search-worker.ts). */
export async function runBuild(mode: BuildMode): Promise<BuildOutcome> {
  fs.mkdirSync(searchDir(), { recursive: true });
  // The text inside attached files is read in a step of its own (text-cache.ts); a build uses what is there.
  return mode === 'full' ? buildFull() : buildRecent();
}
