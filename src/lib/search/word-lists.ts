import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** How often each lowercase word occurs in a bundle's texts. */
export type WordCounts = Map<string, number>;

/** File name of a bundle's word list for one initial ("woerter-v.json"); src/scripts/search/words.ts asks by it. */
export const WORD_LIST = (initial: string) => `woerter-${initial}.json`;
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
  const byInitial = new Map<string, Record<string, number>>();
  for (const [w, n] of counts) {
    const key = initialOf(w);
    const list = byInitial.get(key) ?? {};
    list[w] = n;
    byInitial.set(key, list);
  }
  for (const [initial, list] of byInitial) {
    const file = path.join(outDir, WORD_LIST(initial));
    const json = JSON.stringify(list);
    fs.writeFileSync(file, json);
    fs.writeFileSync(`${file}.gz`, gzipSync(json, { level: 9 }));
  }
}
