import { eq } from 'drizzle-orm';
import { IMMEDIATE, getDb } from '../db/client';
import { invitations, memberships, revisions, sessions, users } from '../db/schema';
import { auditForUser } from '../audit/log';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './password';
import { createSession, invalidateUserSessions, type Session } from './session';
import { assertAdminCoverage } from './admin-coverage';
import { apiTokensForExport } from './api-tokens';

export const FORMER_ACCOUNT = 'ehemaliges Konto';

export type PasswordChange =
  | { ok: true; token: string; session: Session }
  | { ok: false; errors: Record<string, string> };

/** Changes the password, ends every session of the user and opens a fresh one for this browser. */
export async function changePassword(userId: string, current: string, next: string, repeat: string, userAgent: string): Promise<PasswordChange> {
  const user = getDb().select().from(users).where(eq(users.id, userId)).get();
  if (!user?.passwordHash) return { ok: false, errors: { current: 'Ihr Konto hat kein Passwort.' } };
  const errors: Record<string, string> = {};
  if (!(await verifyPassword(user.passwordHash, current))) errors['current'] = 'Das bisherige Passwort ist nicht korrekt.';
  const policy = checkPasswordPolicy(next);
  if (policy) errors['next'] = policy;
  else if (next !== repeat) errors['repeat'] = 'Die beiden neuen Passwörter stimmen nicht überein.';
  if (Object.keys(errors).length) return { ok: false, errors };
  const passwordHash = await hashPassword(next);
  return getDb().transaction(() => {
    getDb().update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
    invalidateUserSessions(userId);
    return { ok: true as const, ...createSession(userId, userAgent) };
  }, IMMEDIATE);
}

/**
 * Deletes the account; authored revisions stay, attributed to "ehemaliges Konto". Refused when it
 * would leave the Kreis without an enabled admin, or Kommunen not in `acknowledged` (admin-coverage.ts).
 */
export function deleteAccount(userId: string, acknowledged: readonly string[] = []): void {
  const db = getDb();
  db.transaction(() => {
    assertAdminCoverage({ kind: 'delete', userId }, acknowledged);
    db.update(revisions).set({ authorLabel: FORMER_ACCOUNT }).where(eq(revisions.authorId, userId)).run();
    // Foreign keys null the author, reviewer and inviter references and drop memberships and sessions.
    db.delete(users).where(eq(users.id, userId)).run();
  }, IMMEDIATE);
}

/** Everything held about a person, for the DSGVO export (Art. 15, 20). */
export function exportPersonalData(userId: string): Record<string, unknown> {
  const db = getDb();
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw new Error(`no user ${userId}`);
  const { passwordHash, ...profile } = user;
  return {
    exportiertAm: new Date().toISOString(),
    konto: { ...profile, passwortGesetzt: passwordHash !== null },
    mitgliedschaften: db.select({ kommune: memberships.tenant, rolle: memberships.role, seit: memberships.createdAt }).from(memberships).where(eq(memberships.userId, userId)).all(),
    sitzungen: db
      .select({ angelegt: sessions.createdAt, laeuftAb: sessions.expiresAt, endetSpaetestens: sessions.absoluteExpiresAt, browser: sessions.userAgent })
      .from(sessions)
      .where(eq(sessions.userId, userId))
      .all()
      .map((s) => ({ ...s, angelegt: new Date(s.angelegt).toISOString(), laeuftAb: new Date(s.laeuftAb).toISOString(), endetSpaetestens: new Date(s.endetSpaetestens).toISOString() })),
    verfassteRevisionen: db
      .select({ beitrag: revisions.documentId, revision: revisions.number, am: revisions.createdAt, notiz: revisions.note })
      .from(revisions)
      .where(eq(revisions.authorId, userId))
      .all(),
    gepruefteRevisionen: db
      .select({ beitrag: revisions.documentId, revision: revisions.number, am: revisions.reviewedAt, kommentar: revisions.reviewComment })
      .from(revisions)
      .where(eq(revisions.reviewerId, userId))
      .all(),
    versendeteEinladungen: db
      .select({ email: invitations.email, kommune: invitations.tenant, rolle: invitations.role, angelegt: invitations.createdAt })
      .from(invitations)
      .where(eq(invitations.invitedBy, userId))
      .all(),
    apiZugaenge: apiTokensForExport(userId),
    protokoll: auditForUser(userId),
  };
}
