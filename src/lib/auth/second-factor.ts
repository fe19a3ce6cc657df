import { getConfig } from '../config';
import { IMMEDIATE, getDb } from '../db/client';
import { deleteRecoveryCodes, issueRecoveryCodes } from './recovery-codes';
import type { Session } from './session';
import { hasSecondFactor, removeTotp, useCode } from './totp';
import type { Viewer } from './viewer';

/** Whether the rule (WISSENSNETZ_REQUIRE_2FA_FOR) asks this person for a second factor. */
export function secondFactorRequired(viewer: Pick<Viewer, 'memberships'>): boolean {
  const rule = getConfig().requireSecondFactorFor;
  if (rule === 'all') return true;
  if (rule === 'none') return false;
  return Object.values(viewer.memberships).includes('admin');
}

/**
 * A person signed in with a password who must use a second factor and has none yet: until they
 * set one up they may open nothing but that page. Sign-ins through a Kommune's provider are
 * exempt: the provider answers for the second factor.
 */
export function mustEnrol(viewer: Viewer, session: Pick<Session, 'method'>): boolean {
  return session.method === 'passwort' && secondFactorRequired(viewer) && !hasSecondFactor(viewer.id);
}

/** Confirms the key being set up with a first code; returns the recovery codes, or null for a wrong code. */
export function confirmEnrolment(userId: string, code: string): string[] | null {
  if (!useCode(userId, code, { enrolling: true })) return null;
  return issueRecoveryCodes(userId);
}

/** Removes the key and the recovery codes (by the person, a Kreis admin or the operator). */
export function resetSecondFactor(userId: string): boolean {
  const db = getDb();
  return db.transaction(() => {
    deleteRecoveryCodes(userId);
    return removeTotp(userId);
  }, IMMEDIATE);
}
