import { writeAudit } from '../audit/log';
import { liftAllSignInLocks, liftSignInLock, listSignInLocks, type ThrottleEntry } from '../auth/throttle';
import { normaliseEmail } from '../auth/users';
import { OpsError } from './accounts';

const CLI_ACTOR = { id: null, label: 'Betriebs-CLI' };

export function listLocks(now = Date.now()): ThrottleEntry[] {
  return listSignInLocks(now);
}

/** Lifts the wait of one e-mail address or the lock of one client address (audited); refuses when there is none. */
export function unlock(target: { email: string } | { ip: string }): void {
  const normalised = 'email' in target ? { email: normaliseEmail(target.email) } : { ip: target.ip.trim().replace(/^::ffff:/, '') };
  const subject = 'email' in normalised ? normalised.email : normalised.ip;
  if (!liftSignInLock(normalised)) throw new OpsError(`No sign-in lock or failure count for ${'email' in normalised ? 'the e-mail address' : 'the address'} "${subject}".`);
  writeAudit({ action: 'cli.sperre-aufgehoben', actor: CLI_ACTOR, object: subject, ip: 'ip' in normalised ? normalised.ip : '' });
}

/** Lifts every wait and lock (audited); returns how many entries were removed. */
export function unlockAll(): number {
  const n = liftAllSignInLocks();
  writeAudit({ action: 'cli.sperre-aufgehoben', actor: CLI_ACTOR, object: 'alle', detail: `${n} Einträge` });
  return n;
}
