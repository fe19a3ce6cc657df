import { and, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { documents, questions } from '../db/schema';
import { hasRole, isStaff, type Viewer } from '../auth/viewer';
import type { DocumentStatus, Visibility } from './vocabulary';

/**
 * THE visibility rule of Wissensnetz. Every page, list, count, feed, sitemap, file
 * download and search index decides through the functions of this module — for Beiträge
 * and for what hangs on them or beside them (questions, answers, comments).
 *
 * - öffentlich: everybody; intern: every signed-in member of any administration;
 *   nur Kommune: members of the owning Kommune (Kreis admins are members everywhere).
 * - Readers see published Beiträge (archived ones only by direct link).
 *   Editors and admins of the owning Kommune also see drafts and reviews.
 */
export function canReadAudience(viewer: Viewer | null, doc: { tenant: string; visibility: Visibility }): boolean {
  switch (doc.visibility) {
    case 'oeffentlich':
      return true;
    case 'intern':
      return isStaff(viewer);
    case 'kommune':
      return hasRole(viewer, doc.tenant, 'mitarbeiter');
  }
}

/** Whether the viewer may open the live version of this Beitrag. */
export function canReadDocument(
  viewer: Viewer | null,
  doc: { tenant: string; visibility: Visibility; status: DocumentStatus; liveRevisionId: number | null },
): boolean {
  if (doc.liveRevisionId === null) return false;
  if (doc.status !== 'veroeffentlicht' && doc.status !== 'archiviert') return false;
  return canReadAudience(viewer, doc);
}

/** Whether the viewer may see unpublished work (drafts, reviews) of this Beitrag's Kommune. */
export function canSeeEditorial(viewer: Viewer | null, doc: { tenant: string }): boolean {
  return hasRole(viewer, doc.tenant, 'redakteur');
}

/**
 * Whether the viewer may download a version of a Beitrag's file. An approved one goes with the
 * Beitrag (readers of it; editors of the Kommune also for drafts); one still waiting for review
 * only to the Kommune's editors and reviewers, who must be able to open it.
 */
export function canReadFileVersion(
  viewer: Viewer | null,
  doc: { tenant: string; visibility: Visibility; status: DocumentStatus; liveRevisionId: number | null },
  version: { state: 'freigegeben' | 'ausstehend' },
): boolean {
  if (version.state !== 'freigegeben') return canSeeEditorial(viewer, doc);
  return canReadDocument(viewer, doc) || canSeeEditorial(viewer, doc);
}

/** SQL condition for the audience part of the rule (canReadAudience) on any table with visibility and owning tenant. */
function audienceWhere(viewer: Viewer | null, visibility: SQLiteColumn, tenant: SQLiteColumn): SQL {
  if (!isStaff(viewer)) return eq(visibility, 'oeffentlich');
  const audience: SQL[] = [inArray(visibility, ['oeffentlich', 'intern'])];
  if (viewer.isKreisAdmin) audience.push(eq(visibility, 'kommune'));
  else {
    const mine = Object.keys(viewer.memberships);
    if (mine.length > 0) audience.push(and(eq(visibility, 'kommune'), inArray(tenant, mine))!);
  }
  return or(...audience)!;
}

/** SQL condition: published Beiträge the viewer may read, for every list, count and feed. */
export function listableWhere(viewer: Viewer | null): SQL {
  return and(eq(documents.status, 'veroeffentlicht'), audienceWhere(viewer, documents.visibility, documents.tenant))!;
}

/** The three audiences a search index is built for (DESIGN.md "Search"). */
export function indexAudience(doc: { tenant: string; visibility: Visibility }): string {
  return doc.visibility === 'kommune' ? `kommune-${doc.tenant}` : doc.visibility === 'intern' ? 'intern' : 'public';
}

/**
 * Viewers with the same key get the same listableWhere condition: the key names exactly
 * what that function reads from the viewer. Caches of lists and counts use it.
 */
export function listAudienceKey(viewer: Viewer | null): string {
  if (!isStaff(viewer)) return 'public';
  if (viewer.isKreisAdmin) return 'kreis';
  return `staff:${Object.keys(viewer.memberships).sort().join(',')}`;
}

// ── Austausch ───────────────────────────────────────────────────────────────────────────
// A question belongs to the asker's Kommune and has a visibility like a Beitrag (intern by
// default; öffentlich only when an admin of the Kommune decides so). An answer is read by
// exactly those who may read its question. A comment is read by the signed-in staff who
// may read its Beitrag — never by anonymous visitors, even on a public Beitrag. Hidden
// items stay readable only for the people who moderate them (so they can show them again).

interface Moderated {
  hiddenAt: string | null;
}

/** Admins of the question's Kommune (Kreis admins everywhere) moderate it and its answers. */
export function canModerateQuestion(viewer: Viewer | null, question: { tenant: string }): boolean {
  return hasRole(viewer, question.tenant, 'admin');
}

export function canReadQuestion(viewer: Viewer | null, question: { tenant: string; visibility: Visibility } & Moderated): boolean {
  if (!canReadAudience(viewer, question)) return false;
  return question.hiddenAt === null || canModerateQuestion(viewer, question);
}

export function canReadAnswer(viewer: Viewer | null, question: { tenant: string; visibility: Visibility } & Moderated, answer: Moderated): boolean {
  return canReadQuestion(viewer, question) && (answer.hiddenAt === null || canModerateQuestion(viewer, question));
}

/** SQL condition: questions (not hidden) the viewer may read, for lists and counts. */
export function questionListableWhere(viewer: Viewer | null): SQL {
  return and(isNull(questions.hiddenAt), audienceWhere(viewer, questions.visibility, questions.tenant))!;
}

/** The audience of a Beitrag's comments: its own, but never the public. */
export function commentScope(doc: { tenant: string; visibility: Visibility }): { tenant: string; visibility: Visibility } {
  return { tenant: doc.tenant, visibility: doc.visibility === 'oeffentlich' ? 'intern' : doc.visibility };
}

/** Whether the viewer sees (and may write) comments on this Beitrag. */
export function canReadComments(viewer: Viewer | null, doc: Parameters<typeof canReadDocument>[1]): boolean {
  return isStaff(viewer) && canReadDocument(viewer, doc) && canReadAudience(viewer, commentScope(doc));
}

/** Admins of the Beitrag's Kommune (Kreis admins everywhere) moderate its comments. */
export function canModerateComments(viewer: Viewer | null, doc: { tenant: string }): boolean {
  return hasRole(viewer, doc.tenant, 'admin');
}

export function canReadComment(viewer: Viewer | null, doc: Parameters<typeof canReadDocument>[1], comment: Moderated): boolean {
  return canReadComments(viewer, doc) && (comment.hiddenAt === null || canModerateComments(viewer, doc));
}

/** The search index a question and its answers go into. */
export function questionIndexAudience(question: { tenant: string; visibility: Visibility }): string {
  return indexAudience(question);
}

/** The search index a Beitrag's comments go into. */
export function commentIndexAudience(doc: { tenant: string; visibility: Visibility }): string {
  return indexAudience(commentScope(doc));
}
