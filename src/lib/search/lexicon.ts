import fs from 'node:fs';
import path from 'node:path';

/** Frequent short words that start sentences or are too general to be a compound part. */
const STOP = new Set(['aber', 'alle', 'auch', 'dabei', 'damit', 'dann', 'dass', 'denn', 'der', 'die', 'das', 'ein', 'eine', 'einer', 'eines', 'für', 'nach', 'oder', 'ohne', 'sich', 'sind', 'und', 'unter', 'von', 'vor', 'wenn', 'wird', 'über', 'zum', 'zur']);

/** The curated word parts from content/suche/wortteile.txt (one per line, # comments). */
export function readCuratedParts(contentDir: string): string[] {
  const file = path.join(contentDir, 'suche', 'wortteile.txt');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim().toLowerCase())
    .filter((l) => l.length >= 3);
}

/**
 * Nouns of a text: capitalised words that do not start a sentence (German capitalises
 * nouns), at least four letters long. They become compound parts for the whole corpus.
 */
export function nounsOf(text: string): string[] {
  const nouns: string[] = [];
  const re = /(^|[^\p{L}\p{N}])(\p{Lu}\p{Ll}{3,})(?=$|[^\p{L}\p{N}])/gu;
  for (const m of text.matchAll(re)) {
    const before = text.slice(0, m.index + m[1]!.length).trimEnd();
    if (before === '' || /[.!?:]$/.test(before)) continue;
    const word = m[2]!.toLowerCase();
    if (!STOP.has(word)) nouns.push(word);
  }
  return nouns;
}
