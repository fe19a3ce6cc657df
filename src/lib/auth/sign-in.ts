import { findUserByEmail, normaliseEmail } from './users';
import { verifyAgainstDummy, verifyPassword } from './password';
import { clearSignInFailures, recordSignInFailure, signInLockedUntil } from './throttle';
import { createSession, type Session } from './session';
import { writeAudit } from '../audit/log';

export type SignInResult =
  | { ok: true; token: string; session: Session }
  | { ok: false; reason: 'invalid' | 'disabled' | 'locked'; lockedUntil?: number };

/**
 * Checks e-mail and password. Unknown e-mail and wrong password take the same path and
 * the same argon2 work, so neither answer nor timing tells which it was.
 */
export async function signIn(emailInput: string, password: string, ip: string, userAgent: string): Promise<SignInResult> {
  const email = normaliseEmail(emailInput);
  const locked = signInLockedUntil(email, ip);
  if (locked) {
    writeAudit({ action: 'anmeldung.gesperrt', actor: null, object: email, ip });
    return { ok: false, reason: 'locked', lockedUntil: locked };
  }
  const user = findUserByEmail(email);
  const valid = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : (await verifyAgainstDummy(password), false);
  if (!user || !valid) {
    recordSignInFailure(email, ip);
    writeAudit({ action: 'anmeldung.fehlgeschlagen', actor: null, object: email, ip });
    return { ok: false, reason: 'invalid' };
  }
  if (user.disabledAt) {
    writeAudit({ action: 'anmeldung.deaktiviert', actor: { id: user.id, label: user.email }, object: email, ip });
    return { ok: false, reason: 'disabled' };
  }
  clearSignInFailures(email, ip);
  const { token, session } = createSession(user.id, userAgent);
  writeAudit({ action: 'anmeldung.erfolgreich', actor: { id: user.id, label: user.email }, object: email, ip });
  return { ok: true, token, session };
}
