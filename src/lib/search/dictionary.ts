import { feminineForms, withoutLastUmlaut } from './gender';

/** Word parts known from the German hunspell dictionary (package dictionary-de, igerman98). */
export interface DictionaryParts {
  /** Forms that may start a compound, linking element included: "verkehrs", "schul", "gebühren". */
  heads: Set<string>;
  /** Nouns, which may end one: "bescheid", "station", "recht". */
  tails: Set<string>;
  /** Feminine forms of nouns of persons and their masculine form: "lehrerinnen" → "lehrer" (gender.ts). */
  masculine: Map<string, string>;
}

let cached: DictionaryParts | null = null;

/** A compound's first part made of a noun with a suffix that always takes the linking s: "versorgungs", "gesundheits". */
const NOUN_BEFORE_LINKING_S = /^(\p{L}{2,}(?:ung|heit|keit|schaft|ion|tät|ität|ling|tum))s$/u;


/**
 * Reads the dictionary's stems and their flags. igerman98 marks with "j" the forms that
 * may begin a compound (including pseudo-roots such as "Verkehrs" or "Schul" that only
 * occur there, flagged "h"); nouns are the capitalised stems that are words of their own.
 */
export function parseDictionary(dic: string): DictionaryParts {
  const heads = new Set<string>();
  const tails = new Set<string>();
  const masculine = new Map<string, string>();
  /** Feminine stems of their own ("Anwältin/F", "Bäuerin/F"): their masculine form is checked once every noun is known. */
  const feminineStems: string[] = [];
  for (const line of dic.split('\n')) {
    const slash = line.indexOf('/');
    const word = slash < 0 ? line.trim() : line.slice(0, slash);
    const flags = slash < 0 ? '' : line.slice(slash + 1).trim();
    if (!/^\p{L}+$/u.test(word) || word.length < 3) continue;
    const lower = word.toLowerCase();
    if (flags.includes('j')) heads.add(lower);
    if (/^\p{Lu}/u.test(word) && !flags.includes('h')) tails.add(lower);
    // The flag F forms the feminine of a noun of persons ("Lehrer" → "Lehrerin", "Lehrerinnen").
    if (/^\p{Lu}/u.test(word) && flags.includes('F')) {
      if (lower.endsWith('in')) feminineStems.push(lower);
      else for (const form of feminineForms(lower)) if (!masculine.has(form)) masculine.set(form, lower);
    }
  }
  for (const feminine of feminineStems) {
    const base = feminine.slice(0, -2);
    const form = [base, withoutLastUmlaut(base), `${base}e`].find((f) => f !== null && f.length >= 3 && tails.has(f));
    if (form) for (const f of [feminine, `${feminine}nen`]) if (!masculine.has(f)) masculine.set(f, form);
  }
  // Nouns the dictionary derives by its affix rules ("Versorgung" from "versorgen") stand in the
  // stem list only as the form that begins a compound ("Versorgungs"). After these suffixes the
  // linking s is always there, so the form without it is the noun, which may end a compound too.
  for (const head of heads) {
    const noun = NOUN_BEFORE_LINKING_S.exec(head);
    if (noun) tails.add(noun[1]!);
  }
  return { heads, tails, masculine };
}

/** The dictionary's word parts, read once per process (about 75,000 stems, 1 MB). */
export async function dictionaryParts(): Promise<DictionaryParts> {
  if (!cached) {
    const { default: dictionary } = await import('dictionary-de');
    cached = parseDictionary(new TextDecoder().decode(dictionary.dic));
  }
  return cached;
}
