import { isStaff, type Viewer } from '../auth/viewer';
import { canModerateQuestion } from '../documents/visibility';
import { EDIT_WINDOW_MS } from './vocabulary';

// Who may write what in the Austausch. Reading is decided in documents/visibility.ts.

/** The Kommunen a person may speak for: those they belong to (a Kreis admin's memberships, not every Kommune). */
export function ownTenants(viewer: Viewer | null): string[] {
  return isStaff(viewer) ? Object.keys(viewer.memberships).sort() : [];
}

/** Authors change their own text within 24 hours, unless it was hidden. */
export function canEditOwn(viewer: Viewer | null, item: { authorId: string | null; createdAt: string; hiddenAt: string | null }, now = Date.now()): boolean {
  return viewer !== null && item.authorId === viewer.id && item.hiddenAt === null && now - Date.parse(item.createdAt) < EDIT_WINDOW_MS;
}

/** The asker, or an admin of the asker's Kommune, marks the helpful answer. */
export function canMarkHelpful(viewer: Viewer | null, question: { tenant: string; authorId: string | null }): boolean {
  return viewer !== null && (question.authorId === viewer.id || canModerateQuestion(viewer, question));
}

/** Only an admin of the question's Kommune decides who may read it beyond the choice the asker had (öffentlich included). */
export function canSetQuestionVisibility(viewer: Viewer | null, question: { tenant: string }): boolean {
  return canModerateQuestion(viewer, question);
}
