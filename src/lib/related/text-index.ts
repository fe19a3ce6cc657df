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

/** In how many indexed Beiträge each of the words occurs (words in none are left out). */
export function documentFrequencies(terms: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  const lookup = statement('vocab', 'SELECT doc FROM related_vocab WHERE term = ?').pluck();
  for (const term of terms) {
    const n = lookup.get(term) as number | undefined;
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
