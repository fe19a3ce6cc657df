/**
 * German compound splitting for the search index. Pagefind stems German words but does
 * not split compounds, so "Sozialarbeit" would not find "Schulsozialarbeit". We split
 * words with a lexicon of known word parts (content/suche/wortteile.txt plus the nouns of
 * the indexed texts) and index the parts as well.
 */

/** Linking elements (Fugenelemente) between the parts of a compound: Ganztag-s-schule. */
const LINKS = ['s', 'es', 'n', 'en', 'er', 'e'];
/** Inflection endings a final part may carry: Dienstfahrzeug-e. */
const ENDINGS = ['e', 'en', 'n', 's', 'es', 'er', 'ern'];
const MIN_PART = 3;
const MIN_COMPOUND = 7;
const MAX_WORD = 48;

export type Lexicon = ReadonlySet<string>;

function baseOf(word: string, lexicon: Lexicon, endings: readonly string[]): string | null {
  if (lexicon.has(word)) return word;
  for (const e of endings) {
    if (word.length - e.length >= MIN_PART && word.endsWith(e) && lexicon.has(word.slice(0, -e.length))) return word.slice(0, -e.length);
  }
  return null;
}

/** A first part as the lexicon knows it: "schul" → "schule", "ganztags" → "ganztag". */
function headForm(head: string, lexicon: Lexicon): string | null {
  if (lexicon.has(head)) return head;
  if (lexicon.has(head + 'e')) return head + 'e';
  return baseOf(head, lexicon, LINKS);
}

/**
 * The parts of a lowercase compound, including inner compounds:
 * "schulsozialarbeit" → ["schule", "sozialarbeit", "sozial", "arbeit"]. Empty when the word
 * is not a compound of known parts.
 */
export function splitCompound(word: string, lexicon: Lexicon, memo = new Map<string, string[] | null>()): string[] {
  return split(word, lexicon, memo) ?? [];
}

function split(word: string, lexicon: Lexicon, memo: Map<string, string[] | null>): string[] | null {
  if (word.length < MIN_PART * 2 || word.length > MAX_WORD) return null;
  const known = memo.get(word);
  if (known !== undefined) return known;
  let found: string[] | null = null;
  // Shortest first part first: "schul|sozialarbeit" beats "schulsozial|arbeit".
  for (let i = MIN_PART; i <= word.length - MIN_PART && !found; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    const headParts = headForm(head, lexicon) ? [headForm(head, lexicon)!] : split(head, lexicon, memo);
    if (!headParts) continue;
    const tailKnown = baseOf(tail, lexicon, ENDINGS) !== null;
    const tailParts = split(tail, lexicon, memo);
    if (!tailKnown && !tailParts) continue;
    found = [...headParts, tail, ...(tailParts ?? [])];
  }
  memo.set(word, found);
  return found;
}

/** Whether a word is long enough to be worth splitting. */
export function mayBeCompound(word: string): boolean {
  return word.length >= MIN_COMPOUND && word.length <= MAX_WORD;
}
