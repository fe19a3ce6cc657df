
/** Word parts known from the German hunspell dictionary (package dictionary-de, igerman98). */
export interface DictionaryParts {
  /** Forms that may start a compound, linking element included: "verkehrs", "schul", "gebühren". */
  heads: Set<string>;
  /** Nouns, which may end one: "bescheid", "station", "recht". */
  tails: Set<string>;
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
  for (const line of dic.split('\n')) {
    const slash = line.indexOf('/');
    const word = slash < 0 ? line.trim() : line.slice(0, slash);
    const flags = slash < 0 ? '' : line.slice(slash + 1).trim();
    if (!/^\p{L}+$/u.test(word) || word.length < 3) continue;
    const lower = word.toLowerCase();
    if (flags.includes('j')) heads.add(lower);
    if (/^\p{Lu}/u.test(word) && !flags.includes('h')) tails.add(lower);
  }
  // Nouns the dictionary derives by its affix rules ("Versorgung" from "versorgen") stand in the
  // stem list only as the form that begins a compound ("Versorgungs"). After these suffixes the
  // linking s is always there, so the form without it is the noun, which may end a compound too.
  for (const head of heads) {
    const noun = NOUN_BEFORE_LINKING_S.exec(head);
    if (noun) tails.add(noun[1]!);
  }
  return { heads, tails };
}

/** The dictionary's word parts, read once per process (about 75,000 stems, 1 MB). */
export async function dictionaryParts(): Promise<DictionaryParts> {
  if (!cached) {
    const { default: dictionary } = await import('dictionary-de');
    cached = parseDictionary(new TextDecoder().decode(dictionary.dic));
  }
  return cached;
}
