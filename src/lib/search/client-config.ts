import type { Viewer } from '../auth/viewer';
import { readableAudiences } from './audiences';
import { bundlePath } from './files';
import { readPointer, type HiddenEntry } from './layout';

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
    if (pointer.baseAudiences.includes(audience)) bundles.push(bundlePath(pointer.base, audience));
    if (pointer.recent && pointer.recentAudiences.includes(audience)) bundles.push(bundlePath(pointer.recent, audience));
    hidden.push(...(pointer.hidden[audience] ?? []));
  }
  return bundles.length > 0 ? { bundles, hidden } : null;
}
