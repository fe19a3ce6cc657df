import { hasRole, type Viewer } from '../auth/viewer';
import type { DocumentRow, RevisionRow } from './store';

/**
 * Who may do what with a Beitrag (DESIGN.md "People"). Reading is decided in
 * visibility.ts; this module only covers writing and reviewing.
 */

/** Redakteur:innen (and admins) of the owning Kommune write; Kreis admins everywhere. */
export function canEditDocument(viewer: Viewer | null, doc: Pick<DocumentRow, 'tenant'>): boolean {
  return hasRole(viewer, doc.tenant, 'redakteur');
}

/** Admins of the owning Kommune and Kreis admins review. */
export function canReviewDocument(viewer: Viewer | null, doc: Pick<DocumentRow, 'tenant'>): boolean {
  return hasRole(viewer, doc.tenant, 'admin');
}

/** Four-eyes: nobody reviews a revision they wrote. */
export function isOwnRevision(viewer: Viewer | null, revision: Pick<RevisionRow, 'authorId'>): boolean {
  return viewer !== null && revision.authorId === viewer.id;
}
