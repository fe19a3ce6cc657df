import { findUserByEmail, normaliseEmail } from './users';
import { verifyAgainstDummy, verifyPassword } from './password';
import { beginSignInAttempt, recordSignInFailure, recordSignInSuccess } from './throttle';
import { createSession, type Session } from './session';
import { writeAudit } from '../audit/log';
import { writeAuditSummary } from '../audit/summary';

export type SignInResult =
  | { ok: true; token: string; session: Session }
  | { ok: false; reason: 'invalid' | 'disabled' }
  /** Not checked: the client address is locked (`ip`) or the e-mail address must wait (`account`) until `until`. */
  | { ok: false; reason: 'throttled'; kind: 'ip' | 'account'; until: number };

/**
 * Checks e-mail and password. Unknown e-mail and wrong password take the same path and
 * the same argon2 work, so neither answer nor timing tells which it was. Refused attempts are
 * counted into summary rows of the audit log, never one row each.
 */
export async function signIn(emailInput: string, password: string, ip: string, userAgent: string): Promise<SignInResult> {
  const email = normaliseEmail(emailInput);
  const refusal = beginSignInAttempt(email, ip);
  if (refusal) {
    // A locked address: the e-mail addresses it tries are the attacker's choice, one row per address.
    // A waiting account: one row per account, whichever addresses try it.
    if (refusal.kind === 'ip') writeAuditSummary({ action: 'anmeldung.gesperrt', ip, object: email, by: 'ip' });
    else writeAuditSummary({ action: 'anmeldung.verzoegert', ip, object: email, by: 'object' });
    return { ok: false, reason: 'throttled', ...refusal };
  }
  const user = findUserByEmail(email);
  const valid = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : (await verifyAgainstDummy(password), false);
  if (!user || !valid) {
    recordSignInFailure(email, ip);
    writeAuditSummary({ action: 'anmeldung.fehlgeschlagen', ip, object: email, by: 'ip+object' });
    return { ok: false, reason: 'invalid' };
  }
  recordSignInSuccess(email);
  if (user.disabledAt) {
    writeAudit({ action: 'anmeldung.deaktiviert', actor: { id: user.id, label: user.email }, object: email, ip });
    return { ok: false, reason: 'disabled' };
  }
  const { token, session } = createSession(user.id, userAgent);
  writeAudit({ action: 'anmeldung.erfolgreich', actor: { id: user.id, label: user.email }, object: email, ip });
  return { ok: true, token, session };
}
