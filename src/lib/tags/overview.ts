import type { Viewer } from '../auth/viewer';
import { cachedRead } from '../db/read-cache';
import { listAudienceKey } from '../documents/visibility';
import { countDocumentTags } from '../documents/list';
import { countQuestionTags } from '../exchange/questions';
import { groupTags, type TagGroup } from './normalise';

export interface TagOverviewEntry extends TagGroup {
  documents: number;
  questions: number;
}

const collator = new Intl.Collator('de-DE', { sensitivity: 'base' });

/**
 * Every tag group on Beiträge and questions the viewer may read, with counts, alphabetical.
 * Depends on the viewer's audience only (the counts are cached per audience).
 */
export function tagOverview(viewer: Viewer | null): readonly TagOverviewEntry[] {
  // Grouping stems every distinct tag: kept per audience until the next write, like the counts.
  return cachedRead(`tag-overview|${listAudienceKey(viewer)}`, () => readTagOverview(viewer));
}

function readTagOverview(viewer: Viewer | null): TagOverviewEntry[] {
  const docs = groupTags(countDocumentTags(viewer));
  const qs = groupTags(countQuestionTags(viewer));
  const all = new Map<string, TagOverviewEntry>();
  for (const g of docs) all.set(g.key, { ...g, documents: g.count, questions: 0 });
  for (const g of qs) {
    const e = all.get(g.key);
    if (!e) all.set(g.key, { ...g, documents: 0, questions: g.count });
    else {
      e.questions = g.count;
      e.count += g.count;
      for (const v of g.variants) if (!e.variants.includes(v)) e.variants.push(v);
    }
  }
  return [...all.values()].sort((a, b) => collator.compare(a.label, b.label));
}

/** The group of a key as the viewer sees it, or undefined when nothing readable carries it. */
export function findTagGroup(viewer: Viewer | null, key: string): TagOverviewEntry | undefined {
  return tagOverview(viewer).find((g) => g.key === key);
}

/**
 * Tags to suggest while typing (editor datalists): one spelling per group, the most used
 * groups first. Only tags of what the viewer may read, so a suggestion never reveals a
 * Beitrag or question the viewer cannot see.
 */
export function tagSuggestions(viewer: Viewer | null, limit = 300): string[] {
  return [...tagOverview(viewer)]
    .sort((a, b) => b.count - a.count || collator.compare(a.label, b.label))
    .slice(0, limit)
    .map((g) => g.label);
}
