/**
 * A pure one-argument function whose results are kept for the inputs seen last: for the small
 * helpers every page calls many times with the same values (date formatting, tag keys), where
 * Intl and regular expressions cost more than a map lookup. Bounded: when full, the map starts
 * afresh, so memory stays small whatever the inputs.
 */
export function memoize<K, V>(fn: (input: K) => V, max = 5000): (input: K) => V {
  let results = new Map<K, V>();
  return (input) => {
    const hit = results.get(input);
    if (hit !== undefined || results.has(input)) return hit as V;
    const value = fn(input);
    if (results.size >= max) results = new Map();
    results.set(input, value);
    return value;
  };
}
