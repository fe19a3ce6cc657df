import { and, asc, eq, sql } from 'drizzle-orm';
import { getDb, prepared } from '../db/client';
import { documents, documentSlugs, revisions } from '../db/schema';
import type { DocumentRow, RevisionRow } from './store';

/** A Beitrag by tenant and slug; a former slug yields the current one to redirect to. */
export function findDocument(tenant: string, slug: string): { doc: DocumentRow } | { redirectTo: string } | null {
  const db = getDb();
  // Prepared once per database handle: this runs for every Beitrag page.
  const doc = prepared('document-by-slug', (d) =>
    d.select().from(documents).where(and(eq(documents.tenant, sql.placeholder('tenant')), eq(documents.slug, sql.placeholder('slug')))).prepare(),
  ).get({ tenant, slug });
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
  // Prepared once: mails and notifications look up every Beitrag they name.
  return prepared('document-by-id', (d) => d.select().from(documents).where(eq(documents.id, sql.placeholder('id'))).prepare()).get({ id });
}

export function getRevisionById(id: number | null): RevisionRow | undefined {
  if (id === null) return undefined;
  return prepared('revision-by-id', (d) => d.select().from(revisions).where(eq(revisions.id, sql.placeholder('id'))).prepare()).get({ id });
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
