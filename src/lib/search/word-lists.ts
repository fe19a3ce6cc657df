import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** How often each lowercase word occurs in a bundle's texts. */
export type WordCounts = Map<string, number>;

/** File name of a bundle's word list for one initial ("woerter-v.json"); src/scripts/search/words.ts asks by it. */
export const WORD_LIST = (initial: string) => `woerter-${initial}.json`;
/** The initials word lists are written for. */
export const INITIALS = [...'abcdefghijklmnopqrstuvwxyz_'];
/**
 * The most frequent words per initial and bundle that a list keeps: about 25 KB gzipped, so
 * a query that finds nothing downloads a few such lists at most, also at 10,000 Beiträge.
 * Rarer words are not suggested (many of them are typos themselves).
 */
const MAX_PER_INITIAL = 2000;
/** Words worth suggesting: letters only, three to 32 of them. */
const WORD = /^\p{L}{3,32}$/u;

/** ä→a, ö→o, ü→u, ß→s: the initial that "Aerzte" and "Ärzte" share. */
export function initialOf(word: string): string {
  const first = word.normalize('NFD').replace(/\p{M}/gu, '')[0] ?? '_';
  return /[a-z]/.test(first) ? first : '_';
}

/** Adds the words of a text. */
export function countWords(text: string, counts: WordCounts): void {
  for (const m of text.matchAll(/\p{L}+/gu)) {
    const w = m[0].toLowerCase();
    if (WORD.test(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
}

/**
 * Writes the words of a bundle, split by initial, for the search page's "Meinten Sie"
 * suggestions and its splitting of query words: a browser loads one small list when a
 * query finds nothing, never the whole vocabulary. Same audience as the bundle.
 */
export function writeWordLists(outDir: string, counts: WordCounts): void {
  // Every initial has its file, empty or not: the page asks for one without knowing which exist.
  const byInitial = new Map<string, Record<string, number>>(INITIALS.map((i) => [i, {}]));
  // "_" collects words starting with other letters (é, ø, …).
  const byFrequency = [...counts].sort((a, b) => b[1] - a[1]);
  const sizes = new Map<string, number>();
  for (const [w, n] of byFrequency) {
    const initial = initialOf(w);
    const size = sizes.get(initial) ?? 0;
    if (size >= MAX_PER_INITIAL) continue;
    byInitial.get(initial)![w] = n;
    sizes.set(initial, size + 1);
  }
  for (const [initial, list] of byInitial) {
    const file = path.join(outDir, WORD_LIST(initial));
    const json = JSON.stringify(list);
    fs.writeFileSync(file, json);
    fs.writeFileSync(`${file}.gz`, gzipSync(json, { level: 9 }));
  }
}
