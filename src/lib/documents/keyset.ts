import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { getDb } from '../db/client';
import { documents } from '../db/schema';
import { cachedRead } from '../db/read-cache';
import type { Viewer } from '../auth/viewer';
import { attachTopics, SUMMARY_COLUMNS, type DocumentSummary } from './list';
import { tagKey } from './tags';
import { listableWhere, listAudienceKey } from './visibility';
import type { DocumentType, Topic } from './vocabulary';

/** Filters of the keyset list (the read API's Beitrag list). */
export interface KeysetFilter {
  tenant?: string;
  type?: DocumentType;
  topic?: Topic;
  /** Year of the Stand, as in the search filter "Jahr". */
  year?: number;
  tag?: string;
}

/** Where a page ends: the last Beitrag's publication time and id (newest first, id breaks ties). */
export interface ListPosition {
  publishedAt: string;
  id: number;
}

export interface KeysetPage {
  items: DocumentSummary[];
  /** Position after the last item, or null when there is nothing more. */
  next: ListPosition | null;
}

function filterWhere(viewer: Viewer | null, f: KeysetFilter, after: ListPosition | null): SQL {
  const parts: SQL[] = [listableWhere(viewer)];
  if (f.tenant) parts.push(eq(documents.tenant, f.tenant));
  if (f.type) parts.push(eq(documents.type, f.type));
  // EXISTS rather than IN (subquery): SQLite then walks the listing index in order and checks
  // each candidate by primary key, so a page costs the same however many Beiträge match.
  if (f.topic) parts.push(sql`exists (select 1 from document_topics t where t.document_id = ${documents.id} and t.topic = ${f.topic})`);
  if (f.tag) parts.push(sql`exists (select 1 from document_tags g where g.document_id = ${documents.id} and g.key = ${tagKey(f.tag)})`);
  if (f.year !== undefined) parts.push(sql`${documents.stand} >= ${`${f.year}-01-01`} and ${documents.stand} < ${`${f.year + 1}-01-01`}`);
  if (after) parts.push(sql`(${documents.publishedAt}, ${documents.id}) < (${after.publishedAt}, ${after.id})`);
  return and(...parts)!;
}

/**
 * One page of the published Beiträge the viewer may read, newest first, starting after a
 * position: an indexed range scan on (status, visibility, published_at), no OFFSET and no
 * count, so the cost of a page does not grow with the number of Beiträge. Cached per
 * audience until the next write.
 */
export function listDocumentsAfter(viewer: Viewer | null, f: KeysetFilter, after: ListPosition | null, limit: number): KeysetPage {
  const key = `keyset|${listAudienceKey(viewer)}|${f.tenant ?? ''}|${f.type ?? ''}|${f.topic ?? ''}|${f.year ?? ''}|${f.tag ? tagKey(f.tag) : ''}|${after ? `${after.publishedAt}/${after.id}` : ''}|${limit}`;
  return cachedRead(key, () => {
    const rows = getDb()
      .select(SUMMARY_COLUMNS)
      .from(documents)
      .where(filterWhere(viewer, f, after))
      .orderBy(desc(documents.publishedAt), desc(documents.id))
      .limit(limit + 1)
      .all();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const next = rows.length > limit && last?.publishedAt ? { publishedAt: last.publishedAt, id: last.id } : null;
    return { items: attachTopics(page), next };
  });
}
