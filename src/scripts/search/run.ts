import type { Pagefind, PagefindResult } from './pagefind';
import { formatQuery, parseQuery, type Branch } from './query';
import { splitWord, suggestWord, type Vocabulary } from './words';

/** Words this short match only whole words while some Beitrag has them whole ("OZG" is not "Ozon"). */
const SHORT = 3;
/** The weight synonyms are indexed with (src/lib/search/bundle.ts); words written in a text weigh more. */
const SYNONYM_WEIGHT = 0.5;
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

/** One alternative: pagefind's ranked search, narrowed to whole short words and without excluded words. */
async function runBranch(pagefind: Pagefind, branch: Branch, filters: Filters) {
  const term = [...branch.words.map((w) => w.text), ...branch.phrases.map((p) => `"${p}"`)].join(' ');
  const res = await pagefind.search(term, { filters });
  let results = res.results;
  for (const w of branch.words) {
    if (w.prefix || w.text.length > SHORT) continue;
    // A quoted single word is an exact search in pagefind: the Beiträge that have it whole.
    const whole = await ids(pagefind, `"${w.text}"`, filters);
    if (whole.size > 0) results = results.filter((r) => whole.has(r.id));
  }
  for (const x of branch.excluded) {
    const current = new Set(results.map((r) => r.id));
    let candidates = (await pagefind.search(x, { filters })).results.filter((r) => current.has(r.id));
    if (x.length <= SHORT) {
      const whole = await ids(pagefind, `"${x}"`, filters);
      candidates = candidates.filter((r) => whole.has(r.id));
    }
    // A Beitrag that only has a synonym of the word (a low-weight index term) does not say it.
    const says = await Promise.all(candidates.map(async (r) => ((await r.data()).weighted_locations ?? []).some((l) => l.weight > SYNONYM_WEIGHT)));
    const without = new Set(candidates.filter((_, i) => says[i]).map((r) => r.id));
    results = results.filter((r) => !without.has(r.id));
  }
  return { results, filters: res.filters };
}

/** All alternatives, each Beitrag once with its best score. */
async function runBranches(pagefind: Pagefind, branches: Branch[], filters: Filters) {
  const best = new Map<string, PagefindResult>();
  let counts: Record<string, Record<string, number>> = {};
  for (const branch of branches) {
    const { results, filters: f } = await runBranch(pagefind, branch, filters);
    for (const r of results) if ((best.get(r.id)?.score ?? -1) < r.score) best.set(r.id, r);
    counts = branches.length === 1 ? f : mergeCounts(counts, f);
  }
  return { results: [...best.values()].sort((a, b) => b.score - a.score), filters: counts };
}

/** Filter counts of several alternatives: an upper bound, since a Beitrag may match more than one. */
function mergeCounts(a: Record<string, Record<string, number>>, b: Record<string, Record<string, number>>) {
  const out: Record<string, Record<string, number>> = structuredClone(a);
  for (const [k, values] of Object.entries(b)) for (const [v, n] of Object.entries(values)) (out[k] ??= {})[v] = Math.max(out[k][v] ?? 0, n);
  return out;
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
 * finds nothing, query words the hub holds only in parts are split ("Verkehrskonzept");
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
  if (outcome.results.length === 0) {
    const split = await rewrite(branches, (w) => splitWord(w, vocabulary));
    if (split) {
      const again = await runBranches(pagefind, split, filters);
      if (again.results.length > 0) outcome = again;
    }
  }
  if (outcome.results.length >= FEW) return { ...outcome, suggestion: null, ranSuggestion: false };
  const spelled = await rewrite(branches, async (w) => {
    const s = await suggestWord(w, vocabulary);
    // Written as the person wrote it: "Vergabeverfahrn" → "Vergabeverfahren".
    return s ? [/^\p{Lu}/u.test(w) ? s[0]!.toUpperCase() + s.slice(1) : s] : null;
  });
  if (!spelled) return { ...outcome, suggestion: null, ranSuggestion: false };
  const suggestion = formatQuery(spelled);
  if (outcome.results.length > 0) return { ...outcome, suggestion, ranSuggestion: false };
  const found = await runBranches(pagefind, spelled, filters);
  return found.results.length > 0 ? { ...found, suggestion, ranSuggestion: true } : { ...outcome, suggestion: null, ranSuggestion: false };
}
