import fs from 'node:fs';
import path from 'node:path';
import { generationDir, newGenerationName, readSnapshot, searchDir, splitBundle, type SearchPointer, type Snapshot } from './layout';
import type { IndexEntry } from './records';
import { redactBundle, type PageWords } from './redact';
import { verifyBundle } from './verify-bundle';

// What a recent build does so that withdrawn text cannot be downloaded: the base shards
// holding superseded entries are copied without them (redact.ts), and of the bundles served
// before, only those holding nothing superseded stay served a little longer.

export interface RedactedBase {
  /** The generation holding the copies and the base's new snapshot. */
  generation: string;
  snapshot: Snapshot;
  bundles: string[];
}

/**
 * Copies every base shard that holds one of `superseded` without those entries into a new
 * generation and returns the base that serves instead: unchanged shards stay where they are.
 */
export function redactBase(snapshot: Snapshot, baseBundles: readonly string[], superseded: readonly string[], wordsOf?: PageWords): RedactedBase {
  const byBundle = new Map<string, Set<string>>();
  for (const key of superseded) {
    const e = snapshot.entries[key];
    if (e) byBundle.set(e.bundle, (byBundle.get(e.bundle) ?? new Set()).add(e.pageId));
  }
  const generation = newGenerationName('b');
  const tmp = path.join(searchDir(), `tmp-${process.pid}-${generation}`);
  fs.mkdirSync(tmp, { recursive: true });
  try {
    const moved = new Map<string, string | null>();
    for (const [bundle, pageIds] of byBundle) {
      const { generation: from, folder } = splitBundle(bundle);
      const { pages } = redactBundle(path.join(generationDir(from), folder), path.join(tmp, folder), pageIds, wordsOf);
      if (pages > 0) verifyBundle(path.join(tmp, folder), folder);
      // A shard left without pages is served no more.
      moved.set(bundle, pages > 0 ? `${generation}/${folder}` : null);
    }
    const entries: Snapshot['entries'] = {};
    const gone = new Set(superseded);
    for (const [key, e] of Object.entries(snapshot.entries)) {
      if (gone.has(key)) continue;
      const now = moved.get(e.bundle);
      entries[key] = now ? { ...e, bundle: now } : e;
    }
    const next: Snapshot = { ...snapshot, entries };
    fs.writeFileSync(path.join(tmp, 'snapshot.json'), JSON.stringify(next));
    fs.renameSync(tmp, generationDir(generation));
    const bundles = baseBundles.flatMap((b) => (moved.has(b) ? (moved.get(b) ? [moved.get(b)!] : []) : [b]));
    return { generation, snapshot: next, bundles };
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

/**
 * The bundles of `previous` that the next pointer does not serve but that hold only
 * entries still current (same content, same audience): a search page opened before the
 * switch may go on fetching from them. Every other bundle of `previous` stops being served.
 */
export function graceOf(
  previous: SearchPointer | null,
  next: { baseBundles: readonly string[]; recentBundles: readonly string[] },
  entries: readonly IndexEntry[],
  snapshotOf: (generation: string) => Snapshot | null = readSnapshot,
): string[] {
  if (!previous) return [];
  const now = new Map(entries.map((e) => [e.key, e]));
  const served = new Set([...next.baseBundles, ...next.recentBundles]);
  const stale = new Set<string>();
  const known = new Set<string>();
  for (const generation of [previous.base, previous.recent]) {
    if (!generation) continue;
    const snapshot = snapshotOf(generation);
    if (!snapshot) return [];
    for (const [key, e] of Object.entries(snapshot.entries)) {
      known.add(e.bundle);
      const current = now.get(key);
      if (!current || current.fingerprint !== e.fingerprint || current.audience !== e.audience) stale.add(e.bundle);
    }
  }
  return [...previous.baseBundles, ...previous.recentBundles].filter((b) => !served.has(b) && known.has(b) && !stale.has(b));
}
