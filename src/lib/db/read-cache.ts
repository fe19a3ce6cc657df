import { currentDataVersion } from './data-version';

// Results of read queries (lists, counts), kept until the database changes. Callers build
// the key from everything the result depends on, the viewer's audience included
// (listAudienceKey in documents/visibility.ts), so one audience never sees another's list.
const MAX_ENTRIES = 2000;
const entries = new Map<string, unknown>();
let version = '';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The cached result for key, or read() when the database changed since it was stored. Results are frozen. */
export function cachedRead<T>(key: string, read: () => T): T {
  const now = currentDataVersion();
  if (now !== version) {
    entries.clear();
    version = now;
  }
  if (entries.has(key)) {
    const hit = entries.get(key) as T;
    // Map keeps insertion order: re-inserting makes this the newest entry (LRU).
    entries.delete(key);
    entries.set(key, hit);
    return hit;
  }
  const value = deepFreeze(read());
  entries.set(key, value);
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  return value;
}
