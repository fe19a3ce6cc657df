import { and, asc, desc, eq, inArray, isNull, lt, ne, or, type SQL } from 'drizzle-orm';
import { getDb } from '../db/client';
import { documents, revisions } from '../db/schema';
import type { Viewer } from '../auth/viewer';
import { tenantsWithRole } from '../auth/viewer';
import { listTenants } from '../tenants/registry';
import type { DocumentData } from './data';
import type { DocumentType, RevisionStatus } from './vocabulary';
import { canSeeEditorial } from './visibility';
import { berlinDay } from '../format';

/** One line on the "Redaktion" pages: a revision of a Beitrag and where it stands. */
export interface EditorialItem {
  tenant: string;
  slug: string;
  type: DocumentType;
  title: string;
  revisionNumber: number;
  status: RevisionStatus;
  authorLabel: string;
  createdAt: string;
  reviewComment: string | null;
  reviewedAt: string | null;
  /** Whether this revision is still the newest one of the Beitrag. */
  isLatest: boolean;
}

function select(viewer: Viewer, where: SQL, limit = 100): EditorialItem[] {
  return getDb()
    .select({
      tenant: documents.tenant,
      slug: documents.slug,
      type: documents.type,
      data: revisions.data,
      revisionNumber: revisions.number,
      status: revisions.status,
      authorLabel: revisions.authorLabel,
      createdAt: revisions.createdAt,
      reviewComment: revisions.reviewComment,
      reviewedAt: revisions.reviewedAt,
      revisionId: revisions.id,
      latestRevisionId: documents.latestRevisionId,
    })
    .from(revisions)
    .innerJoin(documents, eq(documents.id, revisions.documentId))
    .where(where)
    .orderBy(desc(revisions.id))
    .limit(limit)
    .all()
    // Someone who wrote or reviewed in a Kommune and has since lost the role there sees none of its unpublished work.
    .filter((r) => canSeeEditorial(viewer, r))
    .map(({ data, revisionId, latestRevisionId, ...r }) => ({
      ...r,
      title: (JSON.parse(data) as DocumentData).title,
      isLatest: revisionId === latestRevisionId,
    }));
}

const isLatest = eq(documents.latestRevisionId, revisions.id);

/** Drafts I wrote that are not submitted yet. */
export function myDrafts(viewer: Viewer): EditorialItem[] {
  return select(viewer, and(isLatest, eq(revisions.authorId, viewer.id), eq(revisions.status, 'entwurf'))!);
}

/** My revisions a reviewer sent back, still waiting for my revision. */
export function sentBackToMe(viewer: Viewer): EditorialItem[] {
  return select(viewer, and(isLatest, eq(revisions.authorId, viewer.id), eq(revisions.status, 'zurueckgegeben'))!);
}

/** My revisions waiting for somebody else's review. */
export function myRevisionsInReview(viewer: Viewer): EditorialItem[] {
  return select(viewer, and(isLatest, eq(revisions.authorId, viewer.id), eq(revisions.status, 'in_pruefung'))!);
}

/** Revisions in review in the Kommunen I administer, except my own (four-eyes). */
export function waitingForMyReview(viewer: Viewer): EditorialItem[] {
  const tenants = tenantsWithRole(viewer, 'admin', listTenants().map((t) => t.slug));
  if (tenants.length === 0) return [];
  return select(
    viewer,
    and(isLatest, eq(revisions.status, 'in_pruefung'), inArray(documents.tenant, tenants), or(isNull(revisions.authorId), ne(revisions.authorId, viewer.id)))!,
  );
}

/** Revisions I sent back, newest first. */
export function sentBackByMe(viewer: Viewer): EditorialItem[] {
  return select(viewer, and(eq(revisions.reviewerId, viewer.id), eq(revisions.status, 'zurueckgegeben'))!, 50);
}

/** A published Beitrag past its next-review date ("Stand prüfen"). */
export interface OverdueItem {
  tenant: string;
  slug: string;
  title: string;
  reviewDue: string;
  stand: string;
  /** Other work on it waits (draft or review): confirming is refused until that is settled. */
  pending: boolean;
}

/**
 * Overdue Beiträge of the Kommunen where the viewer is Redakteur:in or Admin by membership
 * (Kreis admins: those of the Kreis), oldest review date first. Beiträge kept in content/ are
 * maintained in git and are not listed.
 */
export function overdueInMyKommunen(viewer: Viewer, today = berlinDay()): OverdueItem[] {
  const tenants = Object.entries(viewer.memberships).filter(([, role]) => role !== 'mitarbeiter').map(([t]) => t);
  if (tenants.length === 0) return [];
  return getDb()
    .select({ tenant: documents.tenant, slug: documents.slug, title: documents.title, reviewDue: documents.reviewDue, stand: documents.stand, live: documents.liveRevisionId, latest: documents.latestRevisionId })
    .from(documents)
    .where(and(eq(documents.status, 'veroeffentlicht'), eq(documents.source, 'web'), inArray(documents.tenant, tenants), lt(documents.reviewDue, today)))
    .orderBy(asc(documents.reviewDue))
    .limit(200)
    .all()
    .filter((d) => canSeeEditorial(viewer, d))
    .map(({ live, latest, reviewDue, ...d }) => ({ ...d, reviewDue: reviewDue!, pending: live !== latest }));
}
