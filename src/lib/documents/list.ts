import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { getDb } from '../db/client';
import { documents, documentTopics } from '../db/schema';
import type { Viewer } from '../auth/viewer';
import { cachedRead } from '../db/read-cache';
import { listableWhere, listAudienceKey } from './visibility';
import type { DocumentType, Topic, Visibility } from './vocabulary';

export interface DocumentSummary {
  id: number;
  tenant: string;
  type: DocumentType;
  slug: string;
  title: string;
  summary: string;
  visibility: Visibility;
  stand: string;
  reviewDue: string | null;
  publishedAt: string | null;
  topics: Topic[];
}

export interface ListFilter {
  tenant?: string;
  type?: DocumentType;
  topic?: Topic;
  sort?: 'neueste' | 'titel';
  page?: number;
  pageSize?: number;
}

/** Adds each Beitrag's Themenfelder (one query for the whole page). */
export function attachTopics(rows: Omit<DocumentSummary, 'topics'>[]): DocumentSummary[] {
  if (rows.length === 0) return [];
  const topicRows = getDb()
    .select()
    .from(documentTopics)
    .where(inArray(documentTopics.documentId, rows.map((r) => r.id)))
    .all();
  const byDoc = new Map<number, Topic[]>();
  for (const t of topicRows) byDoc.set(t.documentId, [...(byDoc.get(t.documentId) ?? []), t.topic as Topic]);
  return rows.map((r) => ({ ...r, topics: byDoc.get(r.id) ?? [] }));
}

export const SUMMARY_COLUMNS = {
  id: documents.id,
  tenant: documents.tenant,
  type: documents.type,
  slug: documents.slug,
  title: documents.title,
  summary: documents.summary,
  visibility: documents.visibility,
  stand: documents.stand,
  reviewDue: documents.reviewDue,
  publishedAt: documents.publishedAt,
};

function filterWhere(viewer: Viewer | null, f: ListFilter): SQL {
  const parts: SQL[] = [listableWhere(viewer)];
  if (f.tenant) parts.push(eq(documents.tenant, f.tenant));
  if (f.type) parts.push(eq(documents.type, f.type));
  if (f.topic) {
    parts.push(inArray(documents.id, getDb().select({ id: documentTopics.documentId }).from(documentTopics).where(eq(documentTopics.topic, f.topic))));
  }
  return and(...parts)!;
}

// SQLite compares bytes, which would put "Ärger" after "Zukunft"; fold umlauts and case for German order.
const titleOrder = sql`lower(replace(replace(replace(replace(replace(replace(replace(${documents.title}, 'Ä', 'A'), 'Ö', 'O'), 'Ü', 'U'), 'ä', 'a'), 'ö', 'o'), 'ü', 'u'), 'ß', 'ss'))`;

export type DocumentPage = { items: DocumentSummary[]; total: number; page: number; pages: number };

/** One page of the Beiträge the viewer may read, newest first or by title; with the total count. Cached per audience until the next write. */
export function listDocuments(viewer: Viewer | null, f: ListFilter = {}): DocumentPage {
  const key = `list|${listAudienceKey(viewer)}|${f.tenant ?? ''}|${f.type ?? ''}|${f.topic ?? ''}|${f.sort ?? ''}|${f.page ?? 1}|${f.pageSize ?? 20}`;
  return cachedRead(key, () => readDocumentPage(viewer, f));
}

function readDocumentPage(viewer: Viewer | null, f: ListFilter): DocumentPage {
  const db = getDb();
  const pageSize = f.pageSize ?? 20;
  const where = filterWhere(viewer, f);
  const total = db.select({ n: count() }).from(documents).where(where).get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, f.page ?? 1), pages);
  const order = f.sort === 'titel' ? [asc(titleOrder), asc(documents.id)] : [desc(documents.publishedAt), desc(documents.id)];
  const rows = db
    .select(SUMMARY_COLUMNS)
    .from(documents)
    .where(where)
    .orderBy(...order)
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  return { items: attachTopics(rows), total, page, pages };
}

/** Count of readable Beiträge per tenant slug (cached per audience until the next write). */
export function countDocumentsByTenant(viewer: Viewer | null): ReadonlyMap<string, number> {
  return new Map(cachedRead(`count-by-tenant|${listAudienceKey(viewer)}`, () => readCountsByTenant(viewer)));
}

function readCountsByTenant(viewer: Viewer | null): [string, number][] {
  const rows = getDb()
    .select({ tenant: documents.tenant, n: count() })
    .from(documents)
    .where(listableWhere(viewer))
    .groupBy(documents.tenant)
    .all();
  return rows.map((r) => [r.tenant, r.n]);
}

/** Count of readable Beiträge per Themenfeld (cached per audience until the next write). */
export function countDocumentsByTopic(viewer: Viewer | null): ReadonlyMap<Topic, number> {
  return new Map(cachedRead(`count-by-topic|${listAudienceKey(viewer)}`, () => readCountsByTopic(viewer)));
}

function readCountsByTopic(viewer: Viewer | null): [Topic, number][] {
  const rows = getDb()
    .select({ topic: documentTopics.topic, n: count() })
    .from(documentTopics)
    .innerJoin(documents, eq(documents.id, documentTopics.documentId))
    .where(listableWhere(viewer))
    .groupBy(documentTopics.topic)
    .all();
  return rows.map((r) => [r.topic as Topic, r.n]);
}
