/**
 * German compound splitting for the search index. Pagefind stems German words but does
 * not split compounds, so "Bescheid" would not find "Gebührenbescheid". Words are split
 * with the German hunspell dictionary (dictionary.ts: which forms may begin a compound,
 * which nouns may end one) plus the nouns of the indexed texts, and the parts are indexed
 * as well. A part need not occur anywhere else in the hub.
 */

/** Linking elements (Fugenelemente) between the parts of a compound: Verkehr-s-konzept. */
const LINKS = ['s', 'es', 'n', 'en', 'er', 'e'];
/** Inflection endings a final part may carry: Dienstfahrzeug-e. */
const ENDINGS = ['e', 'en', 'n', 's', 'es', 'er', 'ern', 'nen'];
/** Nouns with these suffixes begin a compound only with the linking s ("Verwaltungs|gebäude"). */
const NEEDS_LINKING_S = /(ung|heit|keit|schaft|ion|tät|ling|tum)$/;
/** Suffixes that end a noun and never begin the next part. */
const SUFFIX_START = /^(schaft|heit|keit|ung)/;
/** Shortest part: "Amt", "Rat", "Ort" are real compound parts, two letters are noise. */
const MIN_PART = 3;
/** Shorter words are not split. */
const MIN_COMPOUND = 7;
const MAX_WORD = 48;

/** Which lowercase forms may begin and which may end a compound. */
export interface Lexicon {
  heads: ReadonlySet<string>;
  tails: ReadonlySet<string>;
  /** The dictionary's own nouns, without the hub's: a word among them is no unknown compound (knownEnd). */
  dictionaryNouns?: ReadonlySet<string>;
  /** Feminine forms of nouns of persons and their masculine form: "lehrerinnen" → "lehrer" (gender.ts). */
  masculine?: ReadonlyMap<string, string>;
}

/** A lexicon whose every word may begin and end a compound (corpus nouns, curated parts). */
export function wordLexicon(words: Iterable<string>): Lexicon {
  const set = new Set(words);
  return { heads: set, tails: set };
}

/** Both lexicons together: the dictionary's (a) and the hub's (b). */
export function mergeLexicons(a: Lexicon, b: Lexicon): Lexicon {
  const union = (x: ReadonlySet<string>, y: ReadonlySet<string>): ReadonlySet<string> => ({
    has: (w: string) => x.has(w) || y.has(w),
    get size() {
      return x.size + y.size;
    },
  }) as ReadonlySet<string>;
  const masculine = a.masculine ?? b.masculine;
  return { heads: union(a.heads, b.heads), tails: union(a.tails, b.tails), dictionaryNouns: a.dictionaryNouns ?? a.tails, ...(masculine ? { masculine } : {}) };
}

/** The base form of a last part, without an inflection ending: "fahrzeuge" → "fahrzeug". */
function tailForm(word: string, lexicon: Lexicon): string | null {
  return inflectedBase(word, lexicon) ?? doubledSBase(word, lexicon);
}

function inflectedBase(word: string, lexicon: Lexicon): string | null {
  if (lexicon.tails.has(word)) return word;
  for (const e of ENDINGS) {
    if (word.length - e.length >= MIN_PART && word.endsWith(e) && lexicon.tails.has(word.slice(0, -e.length))) return word.slice(0, -e.length);
  }
  return null;
}

/** The part to index for a last part: a plural that doubles the s in its base form, any other form as written ("gassen" is no "gas"). */
function lastPart(tail: string, lexicon: Lexicon): string {
  return inflectedBase(tail, lexicon) === null ? (doubledSBase(tail, lexicon) ?? tail) : tail;
}

/**
 * The base form of a plural that doubles a final s ("busse" → "bus", "ergebnissen" → "ergebnis"),
 * when it is a noun. Indexed as the part instead of the plural: the stemmer keeps the ss, so
 * "Bus" would not find "busse".
 */
function doubledSBase(word: string, lexicon: Lexicon): string | null {
  for (const e of ['se', 'sen']) {
    const base = word.slice(0, -e.length);
    if (word.endsWith(`s${e}`) && base.length >= MIN_PART && lexicon.tails.has(base)) return base;
  }
  return null;
}

/**
 * A first part as it stands in the word, when the lexicon knows it: a head form of the
 * dictionary ("verkehrs", "schul"), a noun ("bescheid"), or a noun with a linking element
 * ("ganztags" → "ganztag"). Returns the part to index: the form without linking element
 * when that is a word, else the form itself.
 */
function headForm(head: string, lexicon: Lexicon): string | null {
  for (const link of LINKS) {
    if (head.length - link.length >= MIN_PART && head.endsWith(link) && lexicon.tails.has(head.slice(0, -link.length))) return head.slice(0, -link.length);
  }
  if (lexicon.tails.has(head)) return head;
  // "schul" + "sozialarbeit": the final e of a noun falls away.
  if (head.length >= 4 && lexicon.tails.has(head + 'e')) return head + 'e';
  if (lexicon.heads.has(head)) return lexicon.tails.has(head + 'e') ? head + 'e' : head;
  return null;
}

/**
 * A part of a compound and its role. German compounds are right-headed: the last part (the
 * head) names what the compound is, the parts before it (modifiers) only narrow it down —
 * "Ladestation" is a Station, "Stadtwerke" are not a Stadt. Inner compounds keep their own
 * roles inside the part they belong to: in "Schulsozialarbeit", "sozialarbeit" and "arbeit"
 * are heads, "schule" and "sozial" modifiers.
 */
export interface CompoundPart {
  part: string;
  head: boolean;
}

/**
 * The parts of a lowercase compound, including inner compounds:
 * "schulsozialarbeit" → ["schule", "sozialarbeit", "sozial", "arbeit"]. Empty when the word
 * is not a compound of known parts.
 */
export function splitCompound(word: string, lexicon: Lexicon, memo = new Map<string, CompoundPart[] | null>()): string[] {
  return (split(word, lexicon, memo) ?? []).map((p) => p.part);
}

/** The parts of a lowercase compound with their roles (see CompoundPart); empty when it is none. */
export function compoundParts(word: string, lexicon: Lexicon, memo = new Map<string, CompoundPart[] | null>()): CompoundPart[] {
  return split(word, lexicon, memo) ?? [];
}

/** Letters an unknown first part needs at least, and a vowel: "Docking", "Flüster", not a prefix such as "ver". */
const MIN_UNKNOWN_PART = 4;
/** Letters the known last part needs when the part before it is unknown: "asphalt", not "haus" in "Lüdinghausen". */
const MIN_KNOWN_END = 5;

/**
 * The known end of a noun whose first part no dictionary has — a foreign word, a name, a verb
 * stem the dictionary does not list as a compound part ("Docking|stationen", "Flüster|asphalt"):
 * the last part (and its own parts), when it is a noun of at least five letters and the
 * unknown rest has at least four letters and a vowel. Only for words that are no known
 * noun themselves and not otherwise splittable; the unknown part itself is not returned.
 */
export function knownEnd(word: string, lexicon: Lexicon, memo = new Map<string, CompoundPart[] | null>()): CompoundPart[] {
  // Every noun of the hub is in the lexicon, this one too: only the dictionary's nouns tell a known word.
  const known: Lexicon = { heads: lexicon.heads, tails: lexicon.dictionaryNouns ?? lexicon.tails };
  if (!mayBeCompound(word) || tailForm(word, known) !== null || split(word, lexicon, memo)) return [];
  // The longest known end first: "…stationen" before "…nen".
  for (let i = MIN_UNKNOWN_PART; i <= word.length - MIN_KNOWN_END; i++) {
    const rest = word.slice(0, i);
    const end = word.slice(i);
    if (!/[aeiouyäöü]/.test(rest)) continue;
    const base = tailForm(end, lexicon);
    if (base === null || base.length < MIN_KNOWN_END) continue;
    return [{ part: end, head: true }, ...(split(end, lexicon, memo) ?? [])];
  }
  return [];
}

function split(word: string, lexicon: Lexicon, memo: Map<string, CompoundPart[] | null>): CompoundPart[] | null {
  if (word.length < MIN_PART * 2 || word.length > MAX_WORD) return null;
  const known = memo.get(word);
  if (known !== undefined) return known;
  let found: CompoundPart[] | null = null;
  // Shortest first part first: "schul|sozialarbeit" beats "schulsozial|arbeit".
  for (let i = MIN_PART; i <= word.length - MIN_PART && !found; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    // A first part ending in -ung, -heit, -keit … always takes the linking s: "ordnungs|amt", never "ordnung|samt".
    if (NEEDS_LINKING_S.test(head)) continue;
    // Nor does a part begin with a derivational suffix: "landschafts|pflege", not "land|schaftspflege".
    if (SUFFIX_START.test(tail)) continue;
    const form = headForm(head, lexicon);
    const headParts = form ? [form] : split(head, lexicon, memo)?.map((p) => p.part);
    if (!headParts) continue;
    const tailBase = tailForm(tail, lexicon);
    const tailParts = split(tail, lexicon, memo);
    if (tailBase === null && !tailParts) continue;
    // Everything in the first part modifies the rest, the rest is the head (with its own roles inside).
    found = [...headParts.map((part) => ({ part, head: false })), { part: lastPart(tail, lexicon), head: true }, ...(tailParts ?? [])];
  }
  memo.set(word, found);
  return found;
}

/** Whether a word is long enough to be worth splitting. */
export function mayBeCompound(word: string): boolean {
  return word.length >= MIN_COMPOUND && word.length <= MAX_WORD;
}
