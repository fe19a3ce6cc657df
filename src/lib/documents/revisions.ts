import { and, asc, eq } from 'drizzle-orm';
import { getDb } from '../db/client';
import { documents, documentSlugs, revisions } from '../db/schema';
import type { DocumentRow, RevisionRow } from './store';

/** A Beitrag by tenant and slug; a former slug yields the current one to redirect to. */
export function findDocument(tenant: string, slug: string): { doc: DocumentRow } | { redirectTo: string } | null {
  const db = getDb();
  const doc = db.select().from(documents).where(and(eq(documents.tenant, tenant), eq(documents.slug, slug))).get();
  if (doc) return { doc };
  const former = db
    .select({ slug: documents.slug })
    .from(documentSlugs)
    .innerJoin(documents, eq(documents.id, documentSlugs.documentId))
    .where(and(eq(documentSlugs.tenant, tenant), eq(documentSlugs.slug, slug)))
    .get();
  return former ? { redirectTo: former.slug } : null;
}

export function getDocumentById(id: number): DocumentRow | undefined {
  return getDb().select().from(documents).where(eq(documents.id, id)).get();
}

export function getRevisionById(id: number | null): RevisionRow | undefined {
  if (id === null) return undefined;
  return getDb().select().from(revisions).where(eq(revisions.id, id)).get();
}

/** A revision of this Beitrag by its number (1, 2, ...). */
export function getRevisionByNumber(documentId: number, number: number): RevisionRow | undefined {
  return getDb().select().from(revisions).where(and(eq(revisions.documentId, documentId), eq(revisions.number, number))).get();
}

/** All revisions, oldest first. */
export function listRevisions(documentId: number): RevisionRow[] {
  return getDb().select().from(revisions).where(eq(revisions.documentId, documentId)).orderBy(asc(revisions.number)).all();
}

/** The newest revision, whatever its status. */
export function latestRevision(doc: DocumentRow): RevisionRow {
  const row = getRevisionById(doc.latestRevisionId);
  if (!row) throw new Error(`document ${doc.id} has no revision`);
  return row;
}

/** The published revision readers see, if any. */
export function liveRevision(doc: DocumentRow): RevisionRow | undefined {
  return getRevisionById(doc.liveRevisionId);
}

/** Work on top of the live revision (or on a never-published Beitrag) that is not published yet. */
export function pendingRevision(doc: DocumentRow): RevisionRow | undefined {
  const latest = getRevisionById(doc.latestRevisionId);
  if (!latest || latest.id === doc.liveRevisionId) return undefined;
  return ['entwurf', 'in_pruefung', 'zurueckgegeben'].includes(latest.status) ? latest : undefined;
}
