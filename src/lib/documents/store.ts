import { and, eq, max } from 'drizzle-orm';
import { IMMEDIATE, getDb } from '../db/client';
import { documents, documentSlugs, documentTopics, revisions } from '../db/schema';
import { renderMarkdown } from '../markdown/render';
import { hyphenate, hyphenateHtml } from '../text/hyphenate';
import { refreshFileManifest } from '../files/manifest';
import type { DocumentData } from './data';
import { slugifyTitle } from './slug';
import { mirrorTags } from './tags';
import { TYPE_FIELDS, type DocumentStatus } from './vocabulary';

export type RevisionStatus = (typeof revisions.$inferSelect)['status'];
export type RevisionRow = typeof revisions.$inferSelect;
export type DocumentRow = typeof documents.$inferSelect;

/** Rendered, sanitised HTML of a revision: the body and every Markdown field. */
export interface RenderedRevision {
  body: string;
  fields: Record<string, string>;
  /**
   * Title, summary, body and fields as the Beitrag page shows them, with soft hyphens
   * (hyphenate.ts): hyphenated once when the revision is saved instead of on the first view
   * in every server process. Absent in revisions saved before; the page then hyphenates.
   */
  shown?: { title: string; summary: string; body: string; fields: Record<string, string> };
}

export function renderRevision(data: DocumentData, bodyMd: string): RenderedRevision {
  const fields: Record<string, string> = {};
  for (const def of TYPE_FIELDS[data.type]) {
    const value = data.fields[def.name];
    if (def.kind === 'markdown' && value) fields[def.name] = renderMarkdown(value);
  }
  const body = renderMarkdown(bodyMd);
  const shown = {
    title: hyphenate(data.title),
    summary: hyphenate(data.summary),
    body: hyphenateHtml(body),
    fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, hyphenateHtml(v)])),
  };
  return { body, fields, shown };
}

export function parseRevision(row: RevisionRow): { data: DocumentData; html: RenderedRevision } {
  return { data: JSON.parse(row.data) as DocumentData, html: JSON.parse(row.html) as RenderedRevision };
}

const RESERVED_SLUGS = new Set(['neu']);

/** A slug unique within the tenant (current and former slugs of other Beiträge). */
export function uniqueSlug(tenant: string, title: string, documentId?: number): string {
  const db = getDb();
  const slugged = slugifyTitle(title);
  // "neu" is the editor's route (/<kommune>/beitraege/neu).
  const base = RESERVED_SLUGS.has(slugged) ? `${slugged}-beitrag` : slugged;
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? base : `${base}-${i}`;
    const current = db.select({ id: documents.id }).from(documents).where(and(eq(documents.tenant, tenant), eq(documents.slug, candidate))).get();
    const former = db.select({ id: documentSlugs.documentId }).from(documentSlugs).where(and(eq(documentSlugs.tenant, tenant), eq(documentSlugs.slug, candidate))).get();
    const taken = (current && current.id !== documentId) || (former && former.id !== documentId);
    if (!taken) return candidate;
  }
}

export interface NewRevision {
  data: DocumentData;
  bodyMd: string;
  status: RevisionStatus;
  authorId: string | null;
  authorLabel: string;
  note: string;
  createdAt?: string;
  baseRevisionId?: number | null;
  reviewerId?: string | null;
  reviewedAt?: string | null;
  reviewComment?: string | null;
}

/** Appends a revision (numbered after the last one) and returns it. Call inside a transaction. */
export function appendRevision(documentId: number, rev: NewRevision): RevisionRow {
  const db = getDb();
  const last = db.select({ n: max(revisions.number) }).from(revisions).where(eq(revisions.documentId, documentId)).get()?.n ?? 0;
  const html = renderRevision(rev.data, rev.bodyMd);
  const row = db
    .insert(revisions)
    .values({
      documentId,
      number: last + 1,
      baseRevisionId: rev.baseRevisionId ?? null,
      status: rev.status,
      authorId: rev.authorId,
      authorLabel: rev.authorLabel,
      note: rev.note,
      data: JSON.stringify(rev.data),
      bodyMd: rev.bodyMd,
      html: JSON.stringify(html),
      reviewerId: rev.reviewerId ?? null,
      reviewedAt: rev.reviewedAt ?? null,
      reviewComment: rev.reviewComment ?? null,
      ...(rev.createdAt ? { createdAt: rev.createdAt } : {}),
    })
    .returning()
    .get();
  db.update(documents).set({ latestRevisionId: row.id, updatedAt: row.createdAt }).where(eq(documents.id, documentId)).run();
  // The new revision carries the files as they stand (approved plus pending changes).
  refreshFileManifest(documentId);
  return { ...row, files: db.select({ files: revisions.files }).from(revisions).where(eq(revisions.id, row.id)).get()!.files };
}

/** Copies a revision's listing columns, topics and tags onto the document (on publish, or for never-published work). */
export function mirrorRevision(documentId: number, data: DocumentData): void {
  const db = getDb();
  db.update(documents)
    .set({ title: data.title, summary: data.summary, visibility: data.visibility, stand: data.stand, reviewDue: data.reviewDue })
    .where(eq(documents.id, documentId))
    .run();
  db.delete(documentTopics).where(eq(documentTopics.documentId, documentId)).run();
  for (const topic of data.topics) db.insert(documentTopics).values({ documentId, topic }).run();
  mirrorTags(documentId, data.tags);
}

/** Moves a Beitrag to a new slug after a title change, keeping the old one as a redirect. */
export function renameSlug(doc: Pick<DocumentRow, 'id' | 'tenant' | 'slug'>, title: string): string {
  const slug = uniqueSlug(doc.tenant, title, doc.id);
  if (slug === doc.slug) return slug;
  const db = getDb();
  db.insert(documentSlugs).values({ tenant: doc.tenant, slug: doc.slug, documentId: doc.id }).onConflictDoNothing().run();
  db.delete(documentSlugs).where(and(eq(documentSlugs.tenant, doc.tenant), eq(documentSlugs.slug, slug))).run();
  db.update(documents).set({ slug }).where(eq(documents.id, doc.id)).run();
  return slug;
}

export interface NewDocument {
  tenant: string;
  source: 'web' | 'content';
  status: DocumentStatus;
  createdBy: string | null;
  slug?: string;
  /** Oldest first; the last one decides what is live or under review. */
  revisions: NewRevision[];
  publishedAt?: string | null;
}

/** Inserts a Beitrag with its revisions in one transaction; the live revision is the last 'veroeffentlicht' one. */
export function insertDocument(input: NewDocument): DocumentRow {
  const db = getDb();
  return db.transaction(() => {
    const first = input.revisions[0];
    if (!first) throw new Error('insertDocument needs at least one revision');
    const latest = input.revisions[input.revisions.length - 1]!;
    const doc = db
      .insert(documents)
      .values({
        tenant: input.tenant,
        type: latest.data.type,
        slug: input.slug ?? uniqueSlug(input.tenant, latest.data.title),
        status: input.status,
        visibility: latest.data.visibility,
        title: latest.data.title,
        summary: latest.data.summary,
        stand: latest.data.stand,
        reviewDue: latest.data.reviewDue,
        source: input.source,
        createdBy: input.createdBy,
        ...(first.createdAt ? { createdAt: first.createdAt } : {}),
      })
      .returning()
      .get();
    let live: { row: RevisionRow; data: DocumentData } | undefined;
    for (const rev of input.revisions) {
      const row = appendRevision(doc.id, rev);
      if (rev.status === 'veroeffentlicht' || rev.status === 'abgeloest') live = { row, data: rev.data };
    }
    if (live && (input.status === 'veroeffentlicht' || input.status === 'archiviert')) {
      mirrorRevision(doc.id, live.data);
      const publishedAt = input.publishedAt ?? live.row.reviewedAt ?? live.row.createdAt;
      db.update(documents).set({ liveRevisionId: live.row.id, publishedAt }).where(eq(documents.id, doc.id)).run();
    } else {
      mirrorRevision(doc.id, latest.data);
    }
    return db.select().from(documents).where(eq(documents.id, doc.id)).get()!;
  }, IMMEDIATE);
}
