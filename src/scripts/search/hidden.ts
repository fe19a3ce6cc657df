/** Base entries the server says are superseded (changed since, archived, restricted). */
export interface HiddenEntry {
  id: string;
  filters: Record<string, string[]>;
}

/**
 * Removes superseded base entries from a result list and from the facet counts, so an
 * archived Beitrag disappears even before the next full build.
 */
export function withoutHidden<R extends { id: string }>(
  results: R[],
  counts: Record<string, Record<string, number>>,
  hidden: readonly HiddenEntry[],
): { results: R[]; counts: Record<string, Record<string, number>> } {
  const byId = new Map(hidden.map((h) => [h.id, h]));
  const fixed: Record<string, Record<string, number>> = {};
  for (const [key, values] of Object.entries(counts)) fixed[key] = { ...values };
  const kept: R[] = [];
  for (const r of results) {
    const h = byId.get(r.id);
    if (!h) {
      kept.push(r);
      continue;
    }
    for (const [key, values] of Object.entries(h.filters)) {
      for (const v of values) if (fixed[key]?.[v]) fixed[key][v] = Math.max(0, fixed[key][v]! - 1);
    }
  }
  return { results: kept, counts: fixed };
}
