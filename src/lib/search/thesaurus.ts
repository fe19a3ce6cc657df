import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getConfig } from '../config';

/**
 * Synonyms from OpenThesaurus (LGPL-2.1, Debian package openthesaurus-de-text), restricted
 * to what helps a search of administrative texts: nouns of one word, in the standard
 * language (no "ugs.", "veraltet", regional or figurative terms), from small synsets, and
 * without the very general words that sit in many synsets. A word that belongs to several
 * meanings ("Abfall": Müll, but also Gefälle and Niedergang) keeps only the partners it
 * shares more than one synset with, so only its dominant meaning expands; one without a
 * dominant meaning is linked only with the words that name it unambiguously.
 */
export type Thesaurus = ReadonlyMap<string, readonly string[]>;

/** Annotations that keep a term: the main form, technical terms and abbreviations ("Kita") are standard language. */
const KEPT_NOTES = /\((Hauptform|fachspr\.|Abkürzung)\)/g;
/** The term OpenThesaurus marks as the usual word of its synset. */
const MAIN_FORM = /^(\p{Lu}\p{Ll}{3,}) \(Hauptform\)$/u;
/** Synsets with more terms than this are loose associations, not synonyms. */
const MAX_SYNSET = 8;
/** A word in this many synsets or more is too general to expand ("Sache", "Stelle"). */
const GENERAL = 5;
/** A word in more synsets than this is ambiguous: it keeps only partners of two synsets. */
const AMBIGUOUS = 2;
/** Synonyms added per word at most, the closest (most shared synsets) first. */
const MAX_PARTNERS = 6;

function nounsOfLine(line: string): string[] {
  const terms = line
    .split(';')
    .map((t) => t.replace(KEPT_NOTES, '').trim())
    // A noun of one word with no further annotation: "Krankenhaus", not "Spital (schweiz.)".
    .filter((t) => /^\p{Lu}\p{Ll}{3,}$/u.test(t));
  return [...new Set(terms.map((t) => t.toLowerCase()))];
}

/** Builds the restricted synonym map from the text format (one synset per line, terms separated by ";"). */
export function parseThesaurus(text: string): Thesaurus {
  const synsets: string[][] = [];
  // Large synsets, with the main form the editors marked: a loose group of words, each of which still means the main form.
  const large: { main: string; nouns: string[] }[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const nouns = nounsOfLine(line);
    if (nouns.length >= 2 && nouns.length <= MAX_SYNSET) synsets.push(nouns);
    else if (nouns.length > MAX_SYNSET) {
      const main = line.split(';').map((t) => MAIN_FORM.exec(t.trim())?.[1]).find(Boolean);
      if (main) large.push({ main: main.toLowerCase(), nouns });
    }
  }
  const count = new Map<string, number>();
  for (const s of synsets) for (const w of s) count.set(w, (count.get(w) ?? 0) + 1);
  const shared = new Map<string, Map<string, number>>();
  for (const s of synsets) {
    for (const a of s) {
      if ((count.get(a) ?? 0) >= GENERAL) continue;
      for (const b of s) {
        if (a === b || (count.get(b) ?? 0) >= GENERAL) continue;
        const m = shared.get(a) ?? new Map<string, number>();
        m.set(b, (m.get(b) ?? 0) + 1);
        shared.set(a, m);
      }
    }
  }
  const map = new Map<string, string[]>();
  const back = new Map<string, string[]>();
  for (const [word, partners] of shared) {
    const ambiguous = (count.get(word) ?? 0) > AMBIGUOUS;
    const kept = [...partners]
      .filter(([, n]) => !ambiguous || n >= 2)
      .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0], 'de'))
      .slice(0, MAX_PARTNERS)
      .map(([p]) => p);
    if (kept.length > 0) map.set(word, kept);
    for (const p of kept) back.set(p, [...(back.get(p) ?? []), word]);
  }
  // An ambiguous word without a dominant meaning ("Klinik") is still found by and finds the
  // words that name it unambiguously ("Krankenhaus"); one with a dominant meaning keeps only that.
  for (const [word, from] of back) {
    if (map.has(word)) continue;
    map.set(word, [...new Set(from)].slice(0, MAX_PARTNERS));
  }
  // A word of a large synset is found by the synset's main form ("Wohnungsloser" by "Obdachloser"),
  // not by the other words of the group (a Landstreicher is no Wohnungsloser): one way, main form only.
  for (const { main, nouns } of large) {
    if ((count.get(main) ?? 0) >= GENERAL) continue;
    for (const word of nouns) {
      if (word === main || (count.get(word) ?? 0) >= GENERAL) continue;
      const partners = map.get(word) ?? [];
      if (!partners.includes(main)) map.set(word, [...partners, main]);
    }
  }
  return map;
}

let cached: { file: string; thesaurus: Thesaurus } | null = null;
let warned = false;

/**
 * The restricted thesaurus as JSON in the data folder, per version of the file: parsing the
 * text takes 1–7 s, and every build (also the recent build after a publish) is a process of
 * its own, which reads this in a fraction of that.
 */
function cacheFile(file: string): string {
  return path.join(getConfig().dataDir, 'search', `thesaurus-${PARSE_FORMAT}-${thesaurusStamp(file)}.json`);
}

/** Raise when parseThesaurus changes what it keeps, so that a cached parse of the same file is not used. */
const PARSE_FORMAT = 2;

function parsedThesaurus(file: string): Thesaurus {
  const cache = cacheFile(file);
  try {
    return new Map(JSON.parse(fs.readFileSync(cache, 'utf8')) as [string, string[]][]);
  } catch {
    // Not written yet (or unreadable): parse and write it for the next build.
  }
  const thesaurus = parseThesaurus(fs.readFileSync(file, 'utf8'));
  try {
    fs.mkdirSync(path.dirname(cache), { recursive: true });
    const tmp = `${cache}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify([...thesaurus]));
    fs.renameSync(tmp, cache);
  } catch (err) {
    console.warn(`Could not keep the parsed thesaurus in ${cache}: ${(err as Error).message}`);
  }
  return thesaurus;
}

/** The thesaurus of the configured file; empty (with one warning in the log) when it is not installed. */
export function readThesaurus(file = getConfig().thesaurusFile): Thesaurus {
  if (cached?.file === file) return cached.thesaurus;
  let thesaurus: Thesaurus = new Map();
  if (fs.existsSync(file)) thesaurus = parsedThesaurus(file);
  else if (!warned) {
    warned = true;
    console.warn(`German thesaurus not found at ${file}: search runs without OpenThesaurus synonyms (apt-get install openthesaurus-de-text, or set WISSENSNETZ_THESAURUS)`);
  }
  cached = { file, thesaurus };
  return thesaurus;
}

/** Changes when the thesaurus file does, so that the index is rebuilt with it. */
export function thesaurusStamp(file = getConfig().thesaurusFile): string {
  if (!fs.existsSync(file)) return 'none';
  const st = fs.statSync(file);
  return createHash('sha256').update(`${file}|${st.size}|${st.mtimeMs}`).digest('hex').slice(0, 16);
}

/** The base forms a word of a text may have in the thesaurus: "Krankenhauses" → "krankenhaus". */
export function thesaurusForms(word: string): string[] {
  const forms = [word];
  for (const e of ['nen', 'en', 'es', 'er', 'n', 's', 'e']) if (word.length - e.length >= 4 && word.endsWith(e)) forms.push(word.slice(0, -e.length));
  // Nouns made of adjectives and participles stand in the thesaurus as "der …er": "Geflüchtete(n)" → "geflüchteter".
  for (const f of [...forms]) if (f.endsWith('e') && f.length >= 5) forms.push(`${f}r`);
  return forms;
}
