/**
 * The words of the indexes a person may read, loaded one initial at a time from each
 * bundle's word lists (src/lib/search/word-lists.ts writes them), only when a query finds
 * little: for "Meinten Sie …?" and for splitting a query word into words the hub knows.
 */
export type Vocabulary = (initial: string) => Promise<ReadonlyMap<string, number>>;

/** ä→a, ö→o, ü→u, ß→s, as the index names its word lists. */
export function initialOf(word: string): string {
  const first = word.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')[0] ?? '_';
  return /[a-z]/.test(first) ? first : '_';
}

/** Loads and merges the word lists of the bundles; a missing list counts as empty. */
export function bundleVocabulary(bundles: string[], load: (url: string) => Promise<Record<string, number> | null>): Vocabulary {
  const cache = new Map<string, Promise<Map<string, number>>>();
  return (initial) => {
    let lists = cache.get(initial);
    if (!lists) {
      lists = Promise.all(bundles.map((b) => load(`${b}woerter-${initial}.json`).catch(() => null))).then((all) => {
        const merged = new Map<string, number>();
        for (const list of all) for (const [w, n] of Object.entries(list ?? {})) merged.set(w, (merged.get(w) ?? 0) + n);
        return merged;
      });
      cache.set(initial, lists);
    }
    return lists;
  };
}

/** The spelling people type without umlaut keys: "Aerzte", "Strasse". */
export function transliterate(word: string): string {
  return word.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');
}

/** Damerau-Levenshtein distance (adjacent swaps count once), stopping early past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let best = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
  }
  return rows[a.length]![b.length]!;
}

/** Typos allowed: one in a short word, two from eight letters on. */
function allowedDistance(word: string): number {
  return word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0;
}

/**
 * The hub's word closest to a query word it does not know, or null: when the word (or a
 * word starting with it) is in the hub, or nothing is near enough. Umlauts typed as ae/oe/ue
 * and ß as ss cost nothing; among equally near words the most frequent wins.
 */
export async function suggestWord(word: string, vocabulary: Vocabulary): Promise<string | null> {
  const lower = word.toLowerCase();
  const max = allowedDistance(lower);
  if (max === 0 || !/^\p{L}+$/u.test(lower)) return null;
  const words = await vocabulary(initialOf(lower));
  const typed = transliterate(lower);
  let best: { word: string; distance: number; count: number } | null = null;
  for (const [candidate, count] of words) {
    if (candidate === lower || candidate.startsWith(lower)) return null;
    const distance = editDistance(typed, transliterate(candidate), max);
    if (distance > max) continue;
    if (!best || distance < best.distance || (distance === best.distance && count > best.count)) best = { word: candidate, distance, count };
  }
  return best?.word ?? null;
}

/** Linking elements a first part may end with in a compound: Verkehr-s-konzept. */
const LINKS = ['', 's', 'es', 'n', 'en', 'e'];
/** Inflection endings of a last part. */
const ENDINGS = ['e', 'en', 'n', 's', 'es', 'er', 'ern'];
/** Plural endings that double a final s ("Bus|se", "Ergebnis|sen"): the base form is searched, as the stemmer keeps the ss. */
const DOUBLED_S = ['se', 'sen'];

/**
 * Splits a query word into two words the hub holds: "Verkehrskonzept" → ["verkehr",
 * "konzept"], so that "Konzept für den Verkehr" is found as well; a word with hyphens into
 * its parts ("Kita-Plätze" → ["kita", "plätze"]).
 */
export async function splitWord(word: string, vocabulary: Vocabulary): Promise<string[] | null> {
  const lower = word.toLowerCase();
  // A compound written with hyphens ("Kita-Plätze", "WLAN-Zugang") is its parts; a lone letter ("E-Mail") is no part.
  if (lower.includes('-')) {
    const parts = lower.split('-').filter((p) => p.length >= 2);
    return parts.length > 0 && parts.every((p) => /^[\p{L}\p{N}]+$/u.test(p)) ? parts : null;
  }
  if (lower.length < 7 || !/^\p{L}+$/u.test(lower)) return null;
  const heads = await vocabulary(initialOf(lower));
  for (let i = lower.length - 3; i >= 3; i--) {
    const tail = lower.slice(i);
    // The ending of a feminine plural, which "Schüler:innen" leaves in the hub as a word: "Lehrer|innen" is no compound.
    if (tail === 'innen') continue;
    const tails = await vocabulary(initialOf(tail));
    // The last part may be inflected where the hub has its base form: "…konzepte" → "konzept".
    const inflected = (e: string) => tail.length - e.length >= 3 && tail.endsWith(e) && tails.has(tail.slice(0, -e.length));
    const doubled = DOUBLED_S.find((e) => inflected(e) && tail.slice(0, -e.length).endsWith('s'));
    if (!tails.has(tail) && !doubled && !ENDINGS.some(inflected)) continue;
    const last = !tails.has(tail) && doubled ? tail.slice(0, -doubled.length) : tail;
    for (const link of LINKS) {
      const head = lower.slice(0, i);
      if (!head.endsWith(link)) continue;
      const base = head.slice(0, head.length - link.length);
      if (base.length >= 3 && heads.has(base)) return [base, last];
      // A first part whose final e falls away: "Schul|bus" → "schule".
      if (link === '' && base.length >= 3 && heads.has(`${base}e`)) return [`${base}e`, last];
    }
  }
  return null;
}

/**
 * The last part of a query compound, which names what the compound is: "Hallenbad" → "bad",
 * "Hochwasser" → "wasser", from a split into two words of the hub (splitWord). Null when there
 * is none: a word with an unknown first part is not cut (a made-up word such as a name would
 * otherwise find whatever its end happens to spell).
 */
export async function compoundHead(word: string, vocabulary: Vocabulary): Promise<string | null> {
  const split = await splitWord(word, vocabulary);
  return split ? split[1]! : null;
}

/**
 * The masculine form the hub holds of a query word that is a feminine noun of persons:
 * "Lehrerinnen" → "lehrer", "Kollegin" → "kolleg" or "kollege", "Ärztin" → "arzt" — the
 * dictionary's rules for -in / -innen backwards (src/lib/search/gender.ts), checked against
 * the hub's words, in any inflected form. Null when the word has no such ending or the hub has no such form.
 */
export async function masculineForm(word: string, vocabulary: Vocabulary): Promise<string | null> {
  const lower = word.toLowerCase();
  if (!/^\p{L}+$/u.test(lower)) return null;
  const base = lower.endsWith('innen') ? lower.slice(0, -5) : lower.endsWith('in') ? lower.slice(0, -2) : null;
  if (base === null || base.length < 3) return null;
  const plain = withoutLastUmlaut(base);
  const candidates = [base, `${base}e`, ...(/[^i]er$/.test(base) ? [`${base}er`] : []), ...(plain ? [plain, `${plain}e`] : [])];
  for (const candidate of candidates) {
    const words = await vocabulary(initialOf(candidate));
    // The hub may hold it inflected only ("Vermietern"); pagefind's stemming finds every form.
    if (['', 'n', 's', 'en', 'es'].some((e) => words.has(candidate + e))) return candidate;
  }
  return null;
}

/** The last umlaut of a word without its dots: "anwält" → "anwalt" (as src/lib/search/gender.ts). */
function withoutLastUmlaut(word: string): string | null {
  const i = Math.max(word.lastIndexOf('ä'), word.lastIndexOf('ö'), word.lastIndexOf('ü'));
  if (i < 0) return null;
  return word.slice(0, i) + ({ ä: 'a', ö: 'o', ü: 'u' } as Record<string, string>)[word[i]!]! + word.slice(i + 1);
}

/**
 * The base form the hub holds of a plural that doubles a final s: "Busse" → "bus",
 * "Ergebnissen" → "ergebnis" (the stemmer keeps the ss). Null otherwise.
 */
export async function doubledSBase(word: string, vocabulary: Vocabulary): Promise<string | null> {
  const lower = word.toLowerCase();
  // Only such an ending leads to a word list: a query word without it downloads nothing here.
  if (!/^\p{L}+$/u.test(lower) || !DOUBLED_S.some((e) => lower.endsWith(`s${e}`))) return null;
  // A word of its own that ends in -sse ("Gasse", "Gassen") is no plural of "Gas".
  const own = await vocabulary(initialOf(lower));
  if (['', ...ENDINGS].some((e) => own.has(e ? lower.slice(0, -e.length) : lower) && (e === '' || lower.endsWith(e)))) return null;
  for (const e of DOUBLED_S) {
    const base = lower.slice(0, -e.length);
    if (!lower.endsWith(`s${e}`) || base.length < 3) continue;
    const words = await vocabulary(initialOf(base));
    if (['', 'es'].some((x) => words.has(base + x))) return base;
  }
  return null;
}
