import type Database from 'better-sqlite3';
import { prepared } from '../db/client';

// The FTS5 table related_text (hand-written in the migration "austausch"): one row per
// published Beitrag, rowid = documents.id, ranked with BM25. Contentless — only the index.

/** Column weights for bm25(): title, summary, body, tags. */
const WEIGHTS = [8, 4, 1, 6] as const;

function statement(name: string, sql: string): Database.Statement {
  return prepared(`related-text:${name}`, (db) => db.$client.prepare(sql));
}

export interface IndexedText {
  title: string;
  summary: string;
  body: string;
  tags: string;
}

/** Puts (or replaces) a Beitrag's text into the index. */
export function indexText(documentId: number, text: IndexedText): void {
  removeText(documentId);
  statement('insert', 'INSERT INTO related_text (rowid, title, summary, body, tags) VALUES (?, ?, ?, ?, ?)').run(documentId, text.title, text.summary, text.body, text.tags);
}

export function removeText(documentId: number): void {
  statement('delete', 'DELETE FROM related_text WHERE rowid = ?').run(documentId);
}

/** Frequencies looked up before, per database, and the number of indexed Beiträge they were counted at. */
interface FrequencyCache {
  indexed: number;
  counts: Map<string, number | undefined>;
}
/** The cache is dropped when the index grew or shrank by more than this share, or holds this many words. */
const FREQUENCY_DRIFT = 0.05;
const FREQUENCY_WORDS = 100_000;

/**
 * In how many indexed Beiträge each of the words occurs (words in none are left out). Counting
 * reads a word's whole posting list (fts5vocab), which for a common word in 10,000 Beiträge
 * costs milliseconds, so counts are kept while the index changes by less than 5 %: they only
 * decide which words are too common to query, and that hardly moves meanwhile.
 */
export function documentFrequencies(terms: readonly string[], indexed = indexedCount()): Map<string, number> {
  const cache = prepared<{ current: FrequencyCache | null }>('related-text:frequencies', () => ({ current: null }));
  const drifted = (c: FrequencyCache) => Math.abs(indexed - c.indexed) > Math.max(1, c.indexed * FREQUENCY_DRIFT) || c.counts.size > FREQUENCY_WORDS;
  if (!cache.current || drifted(cache.current)) cache.current = { indexed, counts: new Map() };
  const { counts } = cache.current;
  const out = new Map<string, number>();
  const lookup = statement('vocab', 'SELECT doc FROM related_vocab WHERE term = ?').pluck();
  for (const term of terms) {
    if (!counts.has(term)) counts.set(term, lookup.get(term) as number | undefined);
    const n = counts.get(term);
    if (n !== undefined) out.set(term, n);
  }
  return out;
}

/** How many Beiträge are in the index. */
export function indexedCount(): number {
  return statement('count', 'SELECT count(*) FROM related_stamps WHERE text_revision_id IS NOT NULL').pluck().get() as number;
}

/** Words worth matching: letters and digits, at least three characters (acronyms such as MDM or OGS count), lower case. */
export function termsOf(text: string): string[] {
  // Folded like the index's tokenizer (unicode61, remove_diacritics 2), so frequencies can be looked up.
  return (text.toLocaleLowerCase('de-DE').normalize('NFD').replace(/\p{M}/gu, '').match(/[\p{L}\p{N}]{3,}/gu) ?? []);
}

/**
 * The Beiträge whose text matches any of the terms best (BM25, best first), the Beitrag
 * itself included (its own score is the most any match can reach). Scores are positive,
 * larger is better.
 */
export function matchText(terms: readonly string[], limit: number): { id: number; score: number }[] {
  if (terms.length === 0) return [];
  // Quoted terms: FTS5 reads them as plain strings, never as query syntax.
  const query = terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' OR ');
  const rows = statement(
    'match',
    `SELECT rowid AS id, bm25(related_text, ${WEIGHTS.join(', ')}) AS rank FROM related_text WHERE related_text MATCH ? ORDER BY rank LIMIT ?`,
  ).all(query, limit) as { id: number; rank: number }[];
  return rows.map((r) => ({ id: r.id, score: -r.rank }));
}
