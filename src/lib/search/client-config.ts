import type { Viewer } from '../auth/viewer';
import { readableAudiences } from './audiences';
import { bundlePath } from './files';
import { readPointer, splitBundle } from './layout';

/** What the search page hands to its script: the bundles to merge. */
export interface SearchClientConfig {
  bundles: string[];
}

/** The bundles this viewer may read, public first; null while no index exists yet. */
export function searchClientConfig(viewer: Viewer | null): SearchClientConfig | null {
  const pointer = readPointer();
  if (!pointer) return null;
  const bundles: string[] = [];
  for (const audience of readableAudiences(viewer)) {
    for (const b of [...pointer.baseBundles, ...pointer.recentBundles]) if (splitBundle(b).audience === audience) bundles.push(bundlePath(b));
  }
  return bundles.length > 0 ? { bundles } : null;
}
