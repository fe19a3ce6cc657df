import { and, count, eq, min, sql } from 'drizzle-orm';
import { getDb } from '../db/client';
import { documents, documentTags } from '../db/schema';
import { cachedRead } from '../db/read-cache';
import type { Viewer } from '../auth/viewer';
import { listableWhere, listAudienceKey } from './visibility';

/**
 * The key a tag is matched by: ASCII letters and Ä/Ö/Ü in lower case. It is the same fold
 * the migration that filled document_tags uses in SQL (SQLite's lower() knows ASCII only),
 * so "Schulsozialarbeit" and "schulsozialarbeit" are one tag.
 */
export function tagKey(tag: string): string {
  return tag.trim().replace(/[A-ZÄÖÜ]/g, (c) => c.toLowerCase());
}

/** Replaces a Beitrag's mirrored tags; called wherever its topics are mirrored. */
export function mirrorTags(documentId: number, tags: readonly string[]): void {
  const db = getDb();
  db.delete(documentTags).where(eq(documentTags.documentId, documentId)).run();
  for (const tag of tags) db.insert(documentTags).values({ documentId, tag, key: tagKey(tag) }).onConflictDoNothing().run();
}

export interface TagCount {
  key: string;
  /** The spelling shown: the alphabetically first of those in use. */
  label: string;
  count: number;
}

/** Tags of the Beiträge the viewer may read, with counts, most used first (cached per audience until the next write). */
export function countTags(viewer: Viewer | null): readonly TagCount[] {
  return cachedRead(`tags|${listAudienceKey(viewer)}`, () =>
    getDb()
      .select({ key: documentTags.key, label: min(documentTags.tag), count: count() })
      .from(documentTags)
      .innerJoin(documents, eq(documents.id, documentTags.documentId))
      .where(and(listableWhere(viewer)))
      .groupBy(documentTags.key)
      .orderBy(sql`count(*) desc`, documentTags.key)
      .all()
      .map((r) => ({ key: r.key, label: r.label ?? r.key, count: r.count })),
  );
}
