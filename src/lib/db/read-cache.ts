import { currentDataVersion } from './data-version';

// Results of read queries (lists, counts), kept until the database changes. Callers build
// the key from everything the result depends on, the viewer's audience included
// (listAudienceKey in documents/visibility.ts), so one audience never sees another's list.
//
// Two generations instead of a least-recently-used list: new results go into the young map;
// when it is full it becomes the old one and the old one is dropped, and a result found in the
// old map moves back into the young one. A hit costs one lookup, the eviction nothing per
// entry; an LRU Map (delete and set again on every hit, the oldest key found by iterating past
// the slots of deleted ones) cost several times that on pages that read what nobody read before.
const GENERATION = 1000;
let young = new Map<string, unknown>();
let old = new Map<string, unknown>();
let version = '';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function keep(key: string, value: unknown): void {
  if (young.size >= GENERATION) {
    old = young;
    young = new Map();
  }
  young.set(key, value);
}

/** The cached result for key, or read() when the database changed since it was stored. Results are frozen. */
export function cachedRead<T>(key: string, read: () => T): T {
  const now = currentDataVersion();
  if (now !== version) {
    young = new Map();
    old = new Map();
    version = now;
  }
  const hit = young.get(key);
  if (hit !== undefined || young.has(key)) return hit as T;
  if (old.has(key)) {
    const value = old.get(key) as T;
    keep(key, value);
    return value;
  }
  const value = deepFreeze(read());
  keep(key, value);
  return value;
}
