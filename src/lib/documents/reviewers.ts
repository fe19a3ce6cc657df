import { enabledAdmins, type AdminPerson } from '../auth/admins';
import { fileContributors } from '../files/approval';
import type { RevisionRow } from './store';

/**
 * Who may approve a revision (four-eyes): the enabled admins of the Beitrag's Kommune and the Kreis
 * admins, except its author and whoever uploaded or removed one of its files. Leitfäden belong to
 * the Kreis, so there only Kreis admins remain.
 */
export function eligibleReviewers(doc: { id: number; tenant: string }, revision: Pick<RevisionRow, 'authorId'>): AdminPerson[] {
  const excluded = fileContributors(doc.id);
  if (revision.authorId) excluded.add(revision.authorId);
  return enabledAdmins(doc.tenant).filter((p) => !excluded.has(p.id));
}

/** Whether the viewer wrote the revision or changed one of its files: then somebody else approves it. */
export function isOwnWork(viewerId: string, doc: { id: number }, revision: Pick<RevisionRow, 'authorId'>): boolean {
  return revision.authorId === viewerId || fileContributors(doc.id).has(viewerId);
}
