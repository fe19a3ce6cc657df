import type { Pagefind, PagefindResult } from './pagefind';
import { hiddenSynonyms, isHiddenTerm } from './excerpt';
import { formatQuery, isStopword, parseQuery, type Branch, type QueryWord } from './query';
import { compoundHead, doubledSBase, masculineForm, splitWord, suggestWord, type Vocabulary } from './words';

/** Words this short match only whole words while some Beitrag has them whole ("OZG" is not "Ozon"). */
const SHORT = 3;
/** Fewer hits than this and the page looks for a better spelling. */
const FEW = 3;

export interface QueryOutcome {
  results: PagefindResult[];
  filters: Record<string, Record<string, number>>;
  /** A better spelling of the query, offered as "Meinten Sie …?". */
  suggestion: string | null;
  /** Set when the query found nothing and the suggestion's hits are shown instead. */
  ranSuggestion: boolean;
}

type Filters = Record<string, string>;

async function ids(pagefind: Pagefind, term: string, filters: Filters): Promise<Set<string>> {
  return new Set((await pagefind.search(term, { filters })).results.map((r) => r.id));
}

/** Candidates whose text is checked for a phrase at most (each costs one fragment download). */
const PHRASE_CHECKS = 40;
/** Results checked for saying a word themselves rather than a synonym of it (one fragment download each). */
const SAYING_CHECKS = 40;
/**
 * Index positions two neighbouring words of a phrase may stand apart, per phrase word between
 * them: the hidden terms after a word (its compound parts, its synonyms) take positions of their own.
 */
const PHRASE_GAP = 24;

/**
 * Positions the compaction keeps per page of a very frequent word (POSITIONS_PER_PAGE in
 * src/lib/search/compact.ts): a word with this many positions in a page may have more.
 */
export const KEPT_POSITIONS = 4;

/**
 * Whether the words stand in their order, each within `PHRASE_GAP` × its distance in the phrase
 * after the one before (`words`: each word's place in the phrase and its sorted positions).
 * A word that may have lost positions in the compaction is not asked for: the text check decides.
 */
function inOrder(words: { at: number; positions: number[] }[]): boolean {
  const checked = words.filter((w) => w.positions.length < KEPT_POSITIONS);
  let reached = checked[0]?.positions ?? [];
  for (let i = 1; i < checked.length; i++) {
    const limit = PHRASE_GAP * (checked[i]!.at - checked[i - 1]!.at);
    reached = checked[i]!.positions.filter((p) => reached.some((q) => p > q && p - q <= limit));
    if (reached.length === 0) return false;
  }
  return true;
}

/**
 * The pages where each phrase's words stand in its order close together, from the positions
 * pagefind reports for each word searched on its own (no download; a whole-word search in
 * quotes reports fewer); null when no phrase has two words to check. Function words are left
 * out: the compaction keeps only a few of their positions per page.
 */
async function nearPhrases(pagefind: Pagefind, phrases: string[], filters: Filters): Promise<Set<string> | null> {
  const sets: Set<string>[] = [];
  for (const phrase of phrases) {
    const all = phrase.split(' ');
    const at = all.flatMap((w, i) => (isStopword(w) ? [] : [i]));
    if (at.length < 2) continue;
    const byWord: Map<string, number[]>[] = [];
    for (const i of at) byWord.push(new Map((await pagefind.search(all[i]!, { filters })).results.map((r) => [r.id, [...r.words].sort((a, b) => a - b)])));
    const near = new Set<string>();
    for (const id of byWord[0]!.keys()) {
      const positions = byWord.map((m) => m.get(id));
      if (positions.every((p) => p !== undefined) && inOrder(positions.map((p, k) => ({ at: at[k]!, positions: p! })))) near.add(id);
    }
    sets.push(near);
  }
  const [first, ...rest] = sets;
  return first ? new Set([...first].filter((id) => rest.every((s) => s.has(id)))) : null;
}

/**
 * Pagefind's phrase search needs the words at consecutive positions, but hidden index terms
 * (compound parts, synonyms) stand between the words of a text, and the compaction keeps
 * only a few positions per page of the most frequent words ("die", "und"): in a large hub it
 * misses Beiträge that have the phrase. So the Beiträge with all the words, where the words
 * of each phrase stand in order close together, are checked for it in their text as well;
 * those pagefind found are not checked again. Best first, as the words rank them. Null when
 * there is nothing to add (pagefind found some, and no phrase has two words to place).
 */
async function phrasesInText(pagefind: Pagefind, branch: Branch, filters: Filters, found: PagefindResult[]) {
  const near = await nearPhrases(pagefind, branch.phrases, filters);
  // Nothing tells where the words stand close together: the texts are only checked when pagefind found none.
  if (near === null && found.length > 0) return null;
  const all = [...branch.words.map((w) => w.text), ...branch.phrases].join(' ');
  const res = await pagefind.search(all, { filters });
  const confirmed = new Set(found.map((r) => r.id));
  const wanted = branch.phrases.map(normalise);
  const unconfirmed = res.results.filter((r) => !confirmed.has(r.id));
  // Where the words stand close together first; when pagefind found nothing, the best of the rest as well
  // (a run of hidden terms longer than the gap must not lose a phrase that the check found before).
  const placed = near === null ? unconfirmed : unconfirmed.filter((r) => near.has(r.id));
  const candidates = (found.length === 0 && near !== null ? [...placed, ...unconfirmed.filter((r) => !near.has(r.id))] : placed).slice(0, PHRASE_CHECKS);
  const texts = await Promise.all(candidates.map(async (r) => ` ${normalise((await r.data()).content ?? '')} `));
  const verified = new Set(candidates.filter((_, i) => wanted.every((p) => texts[i]!.includes(` ${p} `))).map((r) => r.id));
  const ranked = res.results.filter((r) => confirmed.has(r.id) || verified.has(r.id));
  const listed = new Set(ranked.map((r) => r.id));
  return { ...res, results: [...ranked, ...found.filter((r) => !listed.has(r.id))] };
}

/** Text as words separated by single spaces, folded like query words, without hidden index terms. */
function normalise(text: string): string {
  return text
    .replace(/__[\p{L}\p{N}_]+__/gu, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .map(fold)
    .filter(Boolean)
    .join(' ');
}

/** A word in more than this share of the hub's Beiträge is common: it ranks, but does not decide, when rarer words are there. */
const COMMON_SHARE = 0.1;
/** Below this many Beiträge a hub's word counts say too little to call a word common. */
const COMMON_MIN_PAGES = 500;

/**
 * The words of a branch that are common in the hub ("Kosten", "Erfahrungen" in a hub where
 * most reports name their costs), when the branch also has rarer words: as in Lucene's
 * common-terms query, they do not decide which Beiträge match — a Beitrag about the Hundesteuer
 * answers "Was kostet die Hundesteuer" even when it never says "kostet" — but add to the score.
 */
async function commonWords(pagefind: Pagefind, branch: Branch): Promise<Set<QueryWord>> {
  const common = new Set<QueryWord>();
  if (branch.words.length < 2) return common;
  const art = (await pagefind.filters())['art'] ?? {};
  const pages = Object.values(art).reduce((a, b) => a + b, 0);
  if (pages < COMMON_MIN_PAGES) return common;
  for (const w of branch.words) {
    if (w.prefix) continue;
    const df = (await pagefind.search(`"${w.text}"`)).results.length;
    if (df > pages * COMMON_SHARE) common.add(w);
  }
  // Only common words: they all decide, as they always did.
  if (common.size === branch.words.length && branch.phrases.length === 0) common.clear();
  return common;
}

/**
 * The values of the metadata filters a query may name (Kommune, Art, Themenfeld; not those the
 * person already filters by), each with its words folded and without function words.
 */
async function metadataValues(pagefind: Pagefind, filters: Filters): Promise<{ key: string; value: string; words: string[] }[]> {
  const known = await pagefind.filters();
  return META_FILTERS.filter((key) => !filters[key]).flatMap((key) =>
    Object.keys(known[key] ?? {}).map((value) => ({ key, value, words: value.split(/[^\p{L}\p{N}]+/u).map(fold).filter((p) => p && !isStopword(p)) })),
  );
}

/**
 * The words of a branch that name a Kommune, an Art or a Themenfeld ("Nottuln" in "Nottuln
 * Carsharing"), with the Beiträge that have that value, when the branch has other words to decide:
 * those facts are metadata, not ranked text, so such a word does not decide which Beiträge
 * match, but a Beitrag with the value (or the word in its text) ranks as one that has the word.
 */
async function metadataWords(pagefind: Pagefind, branch: Branch, filters: Filters, common: Set<QueryWord>): Promise<Map<QueryWord, Set<string>>> {
  const named = new Map<QueryWord, Set<string>>();
  const candidates = branch.words.filter((w) => !w.prefix && !common.has(w));
  if (candidates.length < 2) return named;
  const values = (await metadataValues(pagefind, filters)).filter((v) => v.words.length === 1);
  for (const w of candidates) {
    const word = fold(w.text);
    for (const { key, value, words } of values) {
      if (!names(word, words[0]!)) continue;
      const ids = named.get(w) ?? new Set<string>();
      for (const r of (await pagefind.search(null, { filters: { ...filters, [key]: value } })).results) ids.add(r.id);
      named.set(w, ids);
    }
  }
  // At least one word decides.
  if (named.size === candidates.length) named.clear();
  return named;
}

/** One alternative: pagefind's ranked search, narrowed to whole short words and without excluded words. */
async function runBranch(pagefind: Pagefind, branch: Branch, filters: Filters) {
  const common = await commonWords(pagefind, branch);
  const named = await metadataWords(pagefind, branch, filters, common);
  const term = [...branch.words.filter((w) => !common.has(w) && !named.has(w)).map((w) => w.text), ...branch.phrases.map((p) => `"${p}"`)].join(' ');
  let res = await pagefind.search(term, { filters });
  // A phrase of several words may stand interrupted in the index; a single quoted word is pagefind's exact search.
  if (branch.phrases.length > 0 && (res.results.length === 0 || branch.phrases.some((p) => p.includes(' ')))) res = (await phrasesInText(pagefind, branch, filters, res.results)) ?? res;
  let results = res.results;
  if (common.size > 0 || named.size > 0) {
    // The common words, and the words naming metadata, add their score where they occur.
    const extra = new Map<string, number>();
    for (const w of [...common, ...named.keys()]) for (const r of (await pagefind.search(w.text, { filters })).results) extra.set(r.id, (extra.get(r.id) ?? 0) + r.score);
    results = results.map((r) => ({ ...r, score: r.score + (extra.get(r.id) ?? 0) })).sort((a, b) => b.score - a.score);
  }
  // Whole words above words that merely start with the query word ("Schulen" above
  // "Schuljahreswechsel"); a short word does not expand at all while some Beitrag has it whole.
  const wholeCount = new Map<string, number>();
  for (const w of branch.words) {
    // A common word only adds to the score: it does not put Beiträge into a higher tier either.
    if (w.prefix || common.has(w)) continue;
    // A quoted single word is an exact search in pagefind: the Beiträge that have it whole (stemmed).
    const whole = await ids(pagefind, `"${w.text}"`, filters);
    for (const id of named.get(w) ?? []) whole.add(id);
    if (whole.size === 0) continue;
    if (w.text.length <= SHORT && !named.has(w)) results = results.filter((r) => whole.has(r.id));
    for (const id of whole) wholeCount.set(id, (wholeCount.get(id) ?? 0) + 1);
  }

  for (const x of branch.excluded) {
    const current = new Set(results.map((r) => r.id));
    let candidates = (await pagefind.search(x, { filters })).results.filter((r) => current.has(r.id));
    if (x.length <= SHORT) {
      const whole = await ids(pagefind, `"${x}"`, filters);
      candidates = candidates.filter((r) => whole.has(r.id));
    }
    // A Beitrag that only has a synonym of the word does not say it; one that has it inside a
    // compound does, wherever it stands ("-Bescheid" leaves out the "Gebührenbescheid"). The
    // candidates were found by this word alone, so every other match is the word itself (in any
    // inflection pagefind knows, "-Praxen" also leaves out "Praxis"), unless pagefind fell back
    // to a word that only begins like it.
    const terms = [fold(x)];
    const says = await Promise.all(candidates.map(async (r) => (await matchesOf(r)).some((m) => m.kind !== 'synonym' && !truncated(m, terms))));
    const without = new Set(candidates.filter((_, i) => says[i]).map((r) => r.id));
    results = results.filter((r) => !without.has(r.id));
  }
  return { results, filters: res.filters, wholeCount };
}

/** Lowercase letters and digits without diacritics, to compare marked words with query words. */
function fold(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(/[^\p{L}\p{N}_]/gu, '').replace(/\p{M}/gu, '');
}

/** Results checked for pagefind's fallback (the first page and a little more). */
const VERIFY = 12;

/**
 * What a result matched at each of its match locations (folded): a written word, a part of a
 * compound (the part stands at a hidden placeholder after its compound), or a hidden synonym
 * of another word (its tokens). Locations whose word folds to nothing are left out.
 */
type Match = { kind: 'word'; word: string } | { kind: 'part'; compound: string } | { kind: 'synonym'; synonyms: string[] };

async function matchesOf(r: PagefindResult): Promise<Match[]> {
  const data = await r.data();
  const words = (data.content ?? '').split(/[\r\n\s]+/g);
  const matches: Match[] = [];
  for (const l of data.weighted_locations ?? []) {
    const word = words[l.location] ?? '';
    const synonyms = hiddenSynonyms(word);
    if (synonyms.length > 0) {
      matches.push({ kind: 'synonym', synonyms: synonyms.map(fold) });
    } else if (!isHiddenTerm(word)) {
      if (fold(word) !== '') matches.push({ kind: 'word', word: fold(word) });
    } else {
      let i = l.location;
      while (i > 0 && isHiddenTerm(words[i]!)) i--;
      if (fold(words[i]!) !== '') matches.push({ kind: 'part', compound: fold(words[i]!) });
    }
  }
  return matches;
}

/**
 * Whether a match is only pagefind's fallback for these folded query words: when no indexed
 * word starts with a query word, pagefind matches the longest indexed word that the query
 * word starts with ("Vergabeverfahrn" → "Vergabe"). A truncated word shares only a beginning
 * with the query word ("digitalem" or "DigitalPakt" for "Digitalisirungsstrategie"); a
 * truncated part begins somewhere in its compound and may end anywhere after three letters.
 */
function truncated(m: Match, terms: string[]): boolean {
  const truncatedWord = (words: string[]): boolean => {
    const stems = words.map(trimEnding);
    const extends_ = stems.some((p) => terms.some((t) => p.startsWith(trimEnding(t))));
    return !extends_ && stems.some((p) => terms.some((t) => sharedStart(t, p) >= 3 && t.length - sharedStart(t, p) > 2));
  };
  if (m.kind === 'synonym') return truncatedWord(m.synonyms);
  if (m.kind === 'word') return truncatedWord([m.word]);
  const from = [...m.compound].map((_, i) => m.compound.slice(i));
  if (from.some((p) => terms.some((t) => trimEnding(p).startsWith(trimEnding(t))))) return false;
  return from.some((p) => terms.some((t) => sharedStart(t, p) >= 3 && t.length > 5));
}

/**
 * In each merged index on its own, pagefind falls back to a truncated word (an index without
 * "Schwimmkurse" answers with some "Schw…"). A hit whose matches are all such truncated words
 * is not a match of what was typed.
 */
async function withoutTruncatedMatches(results: PagefindResult[], branches: Branch[]): Promise<PagefindResult[]> {
  const terms = branches.flatMap((b) => b.words.map((w) => fold(w.text)));
  if (terms.length === 0) return results;
  const head = results.slice(0, VERIFY);
  const onlyTruncated = await Promise.all(
    head.map(async (r) => {
      const matches = await matchesOf(r);
      return matches.length > 0 && matches.every((m) => truncated(m, terms));
    }),
  );
  // When every checked hit matched only a truncated word, the lower-ranked ones did too.
  if (head.length > 0 && onlyTruncated.every(Boolean)) return [];
  return [...head.filter((_, i) => !onlyTruncated[i]), ...results.slice(VERIFY)];
}

/**
 * The results that have each word themselves — written, or as a part of a compound — not
 * only as a hidden synonym of another word. The first SAYING_CHECKS are checked (one fragment
 * each); those after them, ranked below the written words already, are kept as they are.
 */
async function sayingEvery(results: PagefindResult[], words: string[]): Promise<PagefindResult[]> {
  const stems = words.map((w) => trimEnding(fold(w))).filter((s) => s.length > 0);
  if (stems.length === 0) return results;
  const head = results.slice(0, SAYING_CHECKS);
  const says = await Promise.all(
    head.map(async (r) => {
      const said = new Set<string>();
      for (const m of await matchesOf(r)) {
        for (const s of stems) if ((m.kind === 'word' && m.word.startsWith(s)) || (m.kind === 'part' && m.compound.includes(s))) said.add(s);
      }
      return stems.every((s) => said.has(s));
    }),
  );
  return [...head.filter((_, i) => says[i]), ...results.slice(SAYING_CHECKS)];
}

/** A word without one inflection ending, roughly as pagefind's stemmer sees it: "vergaben" → "vergab", "digitalem" → "digital". */
function trimEnding(word: string): string {
  for (const e of ['ern', 'em', 'en', 'er', 'es', 'e', 'n', 's']) if (word.length - e.length >= 3 && word.endsWith(e)) return word.slice(0, -e.length);
  return word;
}

/** How many letters two words share at their start. */
function sharedStart(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** All alternatives, each Beitrag once with its best score. */
async function runBranches(pagefind: Pagefind, branches: Branch[], filters: Filters) {
  const best = new Map<string, PagefindResult>();
  const whole = new Map<string, number>();
  let counts: Record<string, Record<string, number>> = {};
  for (const branch of branches) {
    const { results, filters: f, wholeCount } = await runBranch(pagefind, branch, filters);
    for (const r of results) {
      if ((best.get(r.id)?.score ?? -1) < r.score) best.set(r.id, r);
      whole.set(r.id, Math.max(whole.get(r.id) ?? 0, wholeCount.get(r.id) ?? 0));
    }
    counts = branches.length === 1 ? f : mergeCounts(counts, f);
  }
  // Beiträge with more query words whole first, then by pagefind's score.
  const sorted = [...best.values()].sort((a, b) => (whole.get(b.id) ?? 0) - (whole.get(a.id) ?? 0) || b.score - a.score);
  return { results: await withoutTruncatedMatches(sorted, branches), filters: counts };
}

/** Filter counts of several alternatives: an upper bound, since a Beitrag may match more than one. */
function mergeCounts(a: Record<string, Record<string, number>>, b: Record<string, Record<string, number>>) {
  const out: Record<string, Record<string, number>> = structuredClone(a);
  for (const [k, values] of Object.entries(b)) for (const [v, n] of Object.entries(values)) (out[k] ??= {})[v] = Math.max(out[k][v] ?? 0, n);
  return out;
}

/**
 * Whether a folded query word names a folded metadata word: the same word, or — from five
 * letters of its stem on — the first part of a compound value ("erfahrungen" → "erfahrungsbericht",
 * "projekte" → "projektbericht").
 */
function names(word: string, value: string): boolean {
  if (word === value) return true;
  const stem = trimEnding(word);
  return stem.length >= 5 && value.length > stem.length + 2 && value.startsWith(stem);
}

/** Filters whose values a query word may name ("Dülmen", "Erfahrungsbericht", "Schule"): they are not part of the ranked text. */
const META_FILTERS = ['kommune', 'art', 'themenfeld'] as const;

/**
 * The Beiträge with most of a branch's words, for when all of them together find little:
 * each word counts when the text has it or, for the name of a Kommune, an Art or a
 * Themenfeld, when the Beitrag's metadata does. A word the hub does not hold ("kostet"), a
 * question word or a Kommune's name then no longer empties the result. At least half of the
 * words that some Beitrag has must count, one of them in the text; more words first, then
 * pagefind's score.
 * Branches with phrases or excluded words are left as they are.
 */
async function mostOfTheWords(pagefind: Pagefind, branch: Branch, filters: Filters): Promise<PagefindResult[]> {
  if (branch.words.length < 2 || branch.phrases.length > 0 || branch.excluded.length > 0) return [];
  const words = branch.words.map((w) => fold(w.text));
  // Metadata values the query names; a value of several words ("Kreis Coesfeld") when all its words are
  // there, and then not the shorter value inside it ("Coesfeld"). A value of one word is also named by a
  // word its compound starts with: "Erfahrungen" names the Art "Erfahrungsbericht".
  let named = (await metadataValues(pagefind, filters)).filter((v) => (v.words.length === 1 ? words.some((w) => names(w, v.words[0]!)) : v.words.length > 1 && v.words.every((p) => words.includes(p))));
  named = named.filter((n) => !named.some((o) => o.words.length > n.words.length && n.words.every((w) => o.words.includes(w))));
  // A unit counts once: a word (with the values it names), or the words of a value of several words.
  const units: { text: string; meta: { key: string; value: string }[] }[] = [];
  const inLonger = new Set(named.filter((n) => n.words.length > 1).flatMap((n) => n.words));
  for (const [i, w] of branch.words.entries()) {
    if (inLonger.has(words[i]!)) continue;
    units.push({ text: w.text, meta: named.filter((n) => n.words.length === 1 && names(words[i]!, n.words[0]!)) });
  }
  for (const n of named.filter((x) => x.words.length > 1)) units.push({ text: n.words.join(' '), meta: [n] });
  if (units.length < 2) return [];
  const found = new Map<string, { result: PagefindResult; count: number; inText: boolean; score: number }>();
  // A word no Beitrag has ("jemand") cannot count for any: half of the others must.
  let matching = 0;
  for (const unit of units) {
    const hits = new Map<string, { result: PagefindResult; inText: boolean }>();
    for (const r of (await pagefind.search(unit.text, { filters })).results) hits.set(r.id, { result: r, inText: true });
    for (const m of unit.meta) {
      for (const r of (await pagefind.search(null, { filters: { ...filters, [m.key]: m.value } })).results) if (!hits.has(r.id)) hits.set(r.id, { result: r, inText: false });
    }
    if (hits.size > 0) matching++;
    for (const [id, hit] of hits) {
      const f = found.get(id) ?? { result: hit.result, count: 0, inText: false, score: 0 };
      f.count++;
      if (hit.inText && !unit.meta.length) {
        f.inText = true;
        f.score += hit.result.score;
        f.result = hit.result;
      }
      found.set(id, f);
    }
  }
  const need = Math.max(1, Math.ceil(matching / 2));
  return [...found.values()]
    .filter((f) => f.inText && f.count >= need)
    .sort((a, b) => b.count - a.count || b.score - a.score)
    .map((f) => f.result);
}

/** The outcome with the Beiträge that have most of the words after its own, when it found little. */
async function withMostOfTheWords(pagefind: Pagefind, branches: Branch[], filters: Filters, outcome: QueryOutcome): Promise<QueryOutcome> {
  if (outcome.results.length >= FEW) return outcome;
  const seen = new Set(outcome.results.map((r) => r.id));
  const more: PagefindResult[] = [];
  for (const branch of branches) {
    for (const r of await mostOfTheWords(pagefind, branch, filters)) {
      if (!seen.has(r.id)) {
        seen.add(r.id);
        more.push(r);
      }
    }
  }
  if (more.length === 0) return outcome;
  const filtersNow = outcome.results.length > 0 ? outcome.filters : (await pagefind.search(null, { filters })).filters;
  return { ...outcome, results: [...outcome.results, ...more], filters: filtersNow };
}

/** The branches with every word replaced by what `change` makes of it (null keeps it). */
async function rewrite(branches: Branch[], change: (word: string) => Promise<string[] | null>): Promise<Branch[] | null> {
  let changed = false;
  const out: Branch[] = [];
  for (const b of branches) {
    const words = [];
    for (const w of b.words) {
      const replacement = w.prefix ? null : await change(w.text);
      if (replacement) {
        changed = true;
        words.push(...replacement.map((text) => ({ text, prefix: false })));
      } else words.push(w);
    }
    out.push({ ...b, words });
  }
  return changed ? out : null;
}

/**
 * Runs a query as the search page does: operators, stopwords, whole short words; when it
 * finds little, a feminine noun of persons is searched in its masculine form as well
 * ("Lehrerinnen" also finds "Lehrer"), a plural that doubles the s in its base form ("Busse":
 * Bus), and query words the hub holds rarely or only in parts
 * are split ("Verkehrskonzept" also finds "Konzept für den Verkehr");
 * when it finds little, a spelling from the hub's words is offered, and run when nothing
 * was found.
 */
export async function runQuery(pagefind: Pagefind, q: string, filters: Filters, vocabulary: Vocabulary): Promise<QueryOutcome> {
  const branches = parseQuery(q);
  if (branches.length === 0) {
    const res = await pagefind.search(null, { filters });
    return { results: Object.keys(filters).length > 0 ? res.results : [], filters: res.filters, suggestion: null, ranSuggestion: false };
  }
  let outcome = await runBranches(pagefind, branches, filters);
  // How many Beiträge have the words as typed.
  const direct = outcome.results.length;
  const append = (found: { results: PagefindResult[]; filters: QueryOutcome['filters'] }) => {
    const seen = new Set(outcome.results.map((r) => r.id));
    if (found.results.length > 0) outcome = { results: [...outcome.results, ...found.results.filter((r) => !seen.has(r.id))], filters: outcome.results.length > 0 ? outcome.filters : found.filters };
  };
  // Operators ("A | B", "-wort", a phrase, "wort*") ask for exactly those words: no parts are added.
  const precise = branches.length > 1 || branches.some((b) => b.phrases.length > 0 || b.excluded.length > 0 || b.words.some((w) => w.prefix));
  if (direct < FEW && !precise) {
    // Few Beiträge have the feminine form: those with the masculine one follow ("Lehrerinnen": Lehrer);
    // likewise the base form of a plural that doubles the s ("Busse": Bus).
    const baseForms = await rewrite(branches, async (w) => {
      const m = (await masculineForm(w, vocabulary)) ?? (await doubledSBase(w, vocabulary));
      return m ? [m] : null;
    });
    if (baseForms) append(await runBranches(pagefind, baseForms, filters));
    // Few Beiträge have the compound: those that have its parts follow them.
    const split = await rewrite(branches, (w) => splitWord(w, vocabulary));
    if (split) append(await runBranches(pagefind, split, filters));
  }
  if (direct > 0 && outcome.results.length >= FEW) return { ...outcome, suggestion: null, ranSuggestion: false };
  const spelled =
    outcome.results.length < FEW
      ? await rewrite(branches, async (w) => {
          const s = await suggestWord(w, vocabulary);
          // Written as the person wrote it: "Vergabeverfahrn" → "Vergabeverfahren".
          return s ? [/^\p{Lu}/u.test(w) ? s[0]!.toUpperCase() + s.slice(1) : s] : null;
        })
      : null;
  const relaxed = (o: QueryOutcome) => withMostOfTheWords(pagefind, branches, filters, o);
  const suggestion = spelled ? formatQuery(spelled) : null;
  if (spelled && outcome.results.length === 0) {
    const found = await runBranches(pagefind, spelled, filters);
    if (found.results.length > 0) return { ...found, suggestion, ranSuggestion: true };
  }
  if (direct === 0 && !precise) {
    // A compound no Beitrag has: after the Beiträge with all its parts, those with its last part,
    // which names what it is ("Hallenbad": Bad), best first.
    const headWords: string[] = [];
    const heads = await rewrite(branches, async (w) => {
      if ((await ids(pagefind, `"${w}"`, filters)).size > 0) return null;
      const head = await compoundHead(w, vocabulary);
      if (head) headWords.push(head);
      return head ? [head] : null;
    });
    if (heads) {
      // The last part itself, not a word of like meaning: for "Verkehrskonzept", a Beitrag that
      // has "Konzept" only as a thesaurus synonym of one of its words ("Richtlinie") is noise.
      const found = await runBranches(pagefind, heads, filters);
      append({ ...found, results: await sayingEvery(found.results, headWords) });
    }
  }
  if (outcome.results.length >= FEW) return { ...outcome, suggestion, ranSuggestion: false };
  if (!spelled) return relaxed({ ...outcome, suggestion: null, ranSuggestion: false });
  if (outcome.results.length > 0) return relaxed({ ...outcome, suggestion, ranSuggestion: false });
  // Nothing has every word: the Beiträge with most of them, and the spelling to try.
  const most = await relaxed({ ...outcome, suggestion: null, ranSuggestion: false });
  return most.results.length > 0 ? { ...most, suggestion } : most;
}
