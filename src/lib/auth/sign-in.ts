import { findUserByEmail, findUserById, normaliseEmail, type UserRow } from './users';
import { verifyAgainstDummy, verifyPassword } from './password';
import { beginSignInAttempt, recordSignInFailure, recordSignInSuccess } from './throttle';
import { createSession, type Session } from './session';
import { hasSecondFactor, useCode } from './totp';
import { useRecoveryCode } from './recovery-codes';
import { writeAudit } from '../audit/log';
import { writeAuditSummary } from '../audit/summary';

/** Not checked: the client address is locked (`ip`) or the e-mail address must wait (`account`) until `until`. */
export type Throttled = { ok: false; reason: 'throttled'; kind: 'ip' | 'account'; until: number };

export type SignInResult =
  | { ok: true; token: string; session: Session }
  /** The password was right; the code of the second factor is still missing (no session yet). */
  | { ok: false; reason: 'code'; user: UserRow }
  | { ok: false; reason: 'invalid' | 'disabled' }
  | Throttled;

function throttled(email: string, ip: string): Throttled | null {
  const refusal = beginSignInAttempt(email, ip);
  if (!refusal) return null;
  // A locked address: the e-mail addresses it tries are the attacker's choice, one row per address.
  // A waiting account: one row per account, whichever addresses try it.
  if (refusal.kind === 'ip') writeAuditSummary({ action: 'anmeldung.gesperrt', ip, object: email, by: 'ip' });
  else writeAuditSummary({ action: 'anmeldung.verzoegert', ip, object: email, by: 'object' });
  return { ok: false, reason: 'throttled', ...refusal };
}

/**
 * Checks e-mail and password under the sign-in throttle. Unknown e-mail and wrong password take
 * the same path and the same argon2 work, so neither answer nor timing tells which it was.
 * Refused attempts are counted into summary rows of the audit log, never one row each.
 * A right password does not clear the account's count yet: that happens when the sign-in is
 * complete (`completeSignIn`), so that guessing a code cannot start afresh with each password.
 */
export async function checkPassword(emailInput: string, password: string, ip: string): Promise<{ ok: true; user: UserRow } | { ok: false; reason: 'invalid' } | Throttled> {
  const email = normaliseEmail(emailInput);
  const refusal = throttled(email, ip);
  if (refusal) return refusal;
  const user = findUserByEmail(email);
  const valid = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : (await verifyAgainstDummy(password), false);
  if (!user || !valid) {
    recordSignInFailure(email, ip);
    writeAuditSummary({ action: 'anmeldung.fehlgeschlagen', ip, object: email, by: 'ip+object' });
    return { ok: false, reason: 'invalid' };
  }
  return { ok: true, user };
}

/** The last step of every sign-in with a password: the count starts afresh and a session begins. */
function completeSignIn(user: UserRow, ip: string, userAgent: string, detail = ''): { ok: true; token: string; session: Session } {
  recordSignInSuccess(user.email);
  const { token, session } = createSession(user.id, userAgent);
  writeAudit({ action: 'anmeldung.erfolgreich', actor: { id: user.id, label: user.email }, object: user.email, ip, detail });
  return { ok: true, token, session };
}

/** Signs in with e-mail and password; people with a second factor get `code` instead of a session. */
export async function signIn(emailInput: string, password: string, ip: string, userAgent: string): Promise<SignInResult> {
  const checked = await checkPassword(emailInput, password, ip);
  if (!checked.ok) return checked;
  const { user } = checked;
  if (user.disabledAt) {
    recordSignInSuccess(user.email);
    writeAudit({ action: 'anmeldung.deaktiviert', actor: { id: user.id, label: user.email }, object: user.email, ip });
    return { ok: false, reason: 'disabled' };
  }
  if (hasSecondFactor(user.id)) return { ok: false, reason: 'code', user };
  return completeSignIn(user, ip, userAgent);
}

export type CodeResult = { ok: true; token: string; session: Session } | { ok: false; reason: 'invalid' | 'disabled' | 'gone' } | Throttled;

/**
 * Checks a code from the app or an unused recovery code of an account, under the same throttle
 * as its password. Used for the second step of a sign-in and wherever a password alone would
 * not be enough (linking the account to a provider identity).
 */
export function checkSecondFactor(user: UserRow, code: string, ip: string): { ok: true; recovery: boolean } | { ok: false; reason: 'invalid' } | Throttled {
  const refusal = throttled(user.email, ip);
  if (refusal) return refusal;
  const compact = code.replace(/[\s-]/g, '');
  const recovery = /^[a-zA-Z2-7]{16}$/.test(compact);
  const valid = recovery ? useRecoveryCode(user.id, compact) : useCode(user.id, compact);
  if (!valid) {
    recordSignInFailure(user.email, ip);
    writeAuditSummary({ action: 'anmeldung.code-falsch', ip, object: user.email, by: 'ip+object' });
    return { ok: false, reason: 'invalid' };
  }
  if (recovery) writeAudit({ action: 'zwei-faktor.wiederherstellungscode-benutzt', actor: { id: user.id, label: user.email }, object: user.email, ip });
  return { ok: true, recovery };
}

/**
 * The second step: a code from the app or an unused recovery code. Codes are throttled like
 * passwords, on the same count of the account.
 */
export function signInWithCode(userId: string, code: string, ip: string, userAgent: string): CodeResult {
  const user = findUserById(userId);
  if (!user) return { ok: false, reason: 'gone' };
  if (user.disabledAt) return { ok: false, reason: 'disabled' };
  const checked = checkSecondFactor(user, code, ip);
  if (!checked.ok) return checked;
  return completeSignIn(user, ip, userAgent, checked.recovery ? 'mit Wiederherstellungscode' : 'mit Code');
}
