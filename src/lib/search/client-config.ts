import type { Viewer } from '../auth/viewer';
import { readableAudiences } from './audiences';
import { bundlePath } from './files';
import { bundleAudience, readPointer, type HiddenEntry } from './layout';

/** What the search page hands to its script: bundles to merge and base entries to hide. */
export interface SearchClientConfig {
  bundles: string[];
  hidden: HiddenEntry[];
}

/** The bundles this viewer may read, public first; null while no index exists yet. */
export function searchClientConfig(viewer: Viewer | null): SearchClientConfig | null {
  const pointer = readPointer();
  if (!pointer) return null;
  const bundles: string[] = [];
  const hidden: HiddenEntry[] = [];
  for (const audience of readableAudiences(viewer)) {
    for (const b of pointer.baseBundles) if (bundleAudience(b) === audience) bundles.push(bundlePath(pointer.base, b));
    for (const b of pointer.recentBundles) if (pointer.recent && bundleAudience(b) === audience) bundles.push(bundlePath(pointer.recent, b));
    hidden.push(...(pointer.hidden[audience] ?? []));
  }
  return bundles.length > 0 ? { bundles, hidden } : null;
}
