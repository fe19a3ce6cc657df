import { enabledAdmins, type AdminPerson } from '../auth/admins';
import type { RevisionRow } from './store';

/**
 * Who may approve a revision (four-eyes): the enabled admins of the Beitrag's Kommune and the Kreis
 * admins, except its author. Leitfäden belong to the Kreis, so there only Kreis admins remain.
 */
export function eligibleReviewers(doc: { tenant: string }, revision: Pick<RevisionRow, 'authorId'>): AdminPerson[] {
  return enabledAdmins(doc.tenant).filter((p) => p.id !== revision.authorId);
}
