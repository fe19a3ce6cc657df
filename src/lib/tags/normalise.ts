// Tags stay as people typed them; a key groups the spellings that mean the same tag:
// case, "ae"/"ä" spellings, "ß"/"ss", and German inflection endings (Schule/Schulen,
// Tablet/Tablets, Leihgerät/Leihgeräte). The endings are removed by the inflection steps
// of the Snowball German stemmer (steps 1 and 2; its derivational step 3 is left out on
// purpose, so "Beratung" and "Berater" stay apart). Umlauts are kept in the key, so
// "Schüler" does not fall together with "Schule" — the price: umlaut plurals
// (Jugendamt/Jugendämter) stay apart.

import { memoize } from '../memo';

const VOWELS = 'aeiouyäöü';
const S_ENDING = 'bdfghklmnrt';
const ST_ENDING = 'bdfghklmnt';

const isVowel = (c: string | undefined) => c !== undefined && VOWELS.includes(c);

/** Snowball's R1 and R2: after the first non-vowel that follows a vowel (R1 leaves at least 3 letters before it). */
function regions(w: string): { r1: number; r2: number } {
  const after = (from: number) => {
    for (let i = from + 1; i < w.length; i++) if (!isVowel(w[i]) && isVowel(w[i - 1])) return i + 1;
    return w.length;
  };
  const r1 = Math.max(3, after(0));
  return { r1, r2: after(r1) };
}

/** Snowball German steps 1 and 2 on one lower-case word. */
function stemWord(input: string): string {
  if (input.length < 4) return input;
  // Feminine plural: "-innen" is the plural of "-in" (Lehrerinnen → Lehrerin).
  if (input.endsWith('innen') && input.length > 7) return input.slice(0, -3);
  // "ae", "oe", "ue" spelled for ä, ö, ü (not "ue" after q, as in "Quelle").
  let w = input.replace(/ae/g, 'ä').replace(/oe/g, 'ö').replace(/(?<!q)ue/g, 'ü');
  // u and y between vowels are consonants (marked upper case while stemming).
  w = w.replace(/(?<=[aeiouyäöü])([uy])(?=[aeiouyäöü])/g, (c) => c.toUpperCase());
  const { r1 } = regions(w);
  const inR1 = (suffix: string) => w.endsWith(suffix) && w.length - suffix.length >= r1;
  // Step 1: the longest of em, ern, er | e, en, es | s (after a valid s-ending).
  const step1 = ['ern', 'em', 'er', 'en', 'es', 'e', 's'].sort((a, b) => b.length - a.length).find((s) => w.endsWith(s));
  if (step1 && inR1(step1)) {
    if (step1 === 's') {
      // Snowball's s-endings, plus a, o, y and p for loanword plurals (Kitas, Autos, Handys, Apps).
      const before = w[w.length - 2] ?? '';
      if (S_ENDING.includes(before) || 'aoyp'.includes(before)) w = w.slice(0, -1);
    } else {
      w = w.slice(0, -step1.length);
      if ((step1 === 'en' || step1 === 'es' || step1 === 'e') && w.endsWith('niss')) w = w.slice(0, -1);
    }
  }
  // Step 2: the longest of en, er, est | st (after a valid st-ending with at least 3 letters before).
  const step2 = ['est', 'en', 'er', 'st'].find((s) => w.endsWith(s));
  if (step2 && inR1(step2)) {
    if (step2 !== 'st') w = w.slice(0, -step2.length);
    else if (ST_ENDING.includes(w[w.length - 3] ?? '') && w.length - 3 >= 3) w = w.slice(0, -2);
  }
  // "ss" before a plural ending (Busse, Prozesse) is "s" or "ss" in the singular: one s in the key.
  return w.toLowerCase().replace(/ss$/, 's');
}

/** A tag as it is shown: trimmed, inner white space collapsed, NFC. */
export function cleanTag(tag: string): string {
  return tag.normalize('NFC').replace(/\s+/g, ' ').replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/ +/g, ' ').trim();
}

/**
 * The grouping key of a tag: lower case, ß → ss, ae/oe/ue → ä/ö/ü, punctuation other than
 * hyphens dropped, each word without its inflection ending. '' for a tag without letters or digits.
 */
export const tagKey = memoize((tag: string): string => {
  const words = cleanTag(tag)
    .toLocaleLowerCase('de-DE')
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}\s-]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
  return words.map((word) => word.split('-').map(stemWord).filter(Boolean).join('-')).filter(Boolean).join(' ');
});

export const TAG_LIMITS = { count: 10, length: 40 } as const;

/** Tags from a comma-separated field: cleaned, empty ones dropped, one per key (the first spelling wins). */
export function parseTagList(input: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const raw of input.split(/[,;\n]/)) {
    const tag = cleanTag(raw);
    const key = tagKey(tag);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    tags.push(tag);
  }
  return tags;
}

export interface TagGroup {
  key: string;
  /** The spelling used most often (ties: alphabetical). */
  label: string;
  /** Every spelling seen, most used first. */
  variants: string[];
  count: number;
}

const collator = new Intl.Collator('de-DE', { sensitivity: 'base' });

/** Groups counted spellings by key. */
export function groupTags(counted: Iterable<{ tag: string; count: number }>): TagGroup[] {
  const byKey = new Map<string, Map<string, number>>();
  for (const { tag, count } of counted) {
    const key = tagKey(tag);
    if (!key) continue;
    const spellings = byKey.get(key) ?? new Map<string, number>();
    spellings.set(tag, (spellings.get(tag) ?? 0) + count);
    byKey.set(key, spellings);
  }
  return [...byKey].map(([key, spellings]) => {
    const variants = [...spellings].sort((a, b) => b[1] - a[1] || collator.compare(a[0], b[0])).map(([t]) => t);
    return { key, label: variants[0]!, variants, count: [...spellings.values()].reduce((a, b) => a + b, 0) };
  });
}

/** The path of a tag's page. */
export function tagPath(tagOrKey: string, isKey = false): string {
  return `/schlagwoerter/${encodeURIComponent(isKey ? tagOrKey : tagKey(tagOrKey))}`;
}
