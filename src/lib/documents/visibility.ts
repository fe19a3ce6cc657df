import { and, eq, inArray, or, type SQL } from 'drizzle-orm';
import { documents } from '../db/schema';
import { hasRole, isStaff, type Viewer } from '../auth/viewer';
import type { DocumentStatus, Visibility } from './vocabulary';

/**
 * THE visibility rule of Wissensnetz. Every page, list, count, feed, sitemap, file
 * download and search index decides through these two functions.
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

/** SQL condition: published Beiträge the viewer may read, for every list, count and feed. */
export function listableWhere(viewer: Viewer | null): SQL {
  const published = eq(documents.status, 'veroeffentlicht');
  if (!isStaff(viewer)) return and(published, eq(documents.visibility, 'oeffentlich'))!;
  const audience: SQL[] = [inArray(documents.visibility, ['oeffentlich', 'intern'])];
  if (viewer.isKreisAdmin) audience.push(eq(documents.visibility, 'kommune'));
  else {
    const mine = Object.keys(viewer.memberships);
    if (mine.length > 0) audience.push(and(eq(documents.visibility, 'kommune'), inArray(documents.tenant, mine))!);
  }
  return and(published, or(...audience))!;
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
