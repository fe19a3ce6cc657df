import { and, eq, gt, lt } from 'drizzle-orm';
import { IMMEDIATE, getDb } from '../db/client';
import { loginThrottle } from '../db/schema';

// Two independent brakes, kept in SQLite so a restart lifts neither (`npm run cli -- unlock` does):
// - per e-mail address, whatever the client address: after a few failed attempts every further
//   attempt must wait 1 s, 2 s, 4 s … at most MAX_DELAY_MS after the previous one. A correct
//   password after the wait works, so an attacker can delay a colleague by minutes, not lock
//   them out; changing X-Forwarded-For (or botnet addresses) does not help against it.
// - per client address: IP_LIMIT failures within IP_WINDOW_MS lock that address for IP_LOCK_MS.
//   Behind a reverse proxy that is not configured as trusted every client has the proxy's
//   address, so this lock then hits everybody (README "Security settings").
export const FREE_FAILURES = 5;
export const BASE_DELAY_MS = 1_000;
export const MAX_DELAY_MS = 5 * 60_000;
/** An address's failure count is forgotten after this long without an attempt. */
export const ACCOUNT_FORGET_MS = 60 * 60_000;
export const IP_LIMIT = 50;
export const IP_WINDOW_MS = 15 * 60_000;
export const IP_LOCK_MS = 15 * 60_000;

const ACCOUNT = 'account:';
const IP = 'ip:';
const accountKey = (email: string) => `${ACCOUNT}${email}`;
const ipKey = (ip: string) => `${IP}${ip}`;

/** Why an attempt was not even checked, and until when. */
export type SignInRefusal = { kind: 'ip' | 'account'; until: number };

/** The wait after the `failures`-th failed attempt in a row. */
export function accountDelayMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(30, failures - FREE_FAILURES));
}

function row(key: string) {
  return getDb().select().from(loginThrottle).where(eq(loginThrottle.key, key)).get();
}

/**
 * Decides whether an attempt may be checked at all. An allowed attempt is counted as a failure
 * of its e-mail address right away (cleared again on success), so that many attempts sent at
 * once cannot all slip through before the first of them has failed.
 */
export function beginSignInAttempt(email: string, ip: string, now = Date.now()): SignInRefusal | null {
  return getDb().transaction(() => {
    const byIp = row(ipKey(ip));
    if (byIp && byIp.lockedUntil > now) return { kind: 'ip' as const, until: byIp.lockedUntil };
    const key = accountKey(email);
    const byAccount = row(key);
    if (byAccount && byAccount.lockedUntil > now) return { kind: 'account' as const, until: byAccount.lockedUntil };
    const fresh = !byAccount || now - byAccount.windowStart > ACCOUNT_FORGET_MS;
    const failures = fresh ? 1 : byAccount.failures + 1;
    const delay = accountDelayMs(failures);
    getDb().insert(loginThrottle)
      .values({ key, failures, windowStart: now, lockedUntil: delay ? now + delay : 0 })
      .onConflictDoUpdate({ target: loginThrottle.key, set: { failures, windowStart: now, lockedUntil: delay ? now + delay : 0 } })
      .run();
    return null;
  }, IMMEDIATE);
}

/**
 * A checked attempt failed. The e-mail address was counted when the attempt began; its wait now
 * starts again from the end of the check, so the time the password hash took is not part of it.
 * The failure counts against the client address.
 */
export function recordSignInFailure(email: string, ip: string, now = Date.now()): void {
  const key = ipKey(ip);
  getDb().transaction(() => {
    const account = row(accountKey(email));
    const delay = account ? accountDelayMs(account.failures) : 0;
    if (account && delay && account.lockedUntil < now + delay) {
      getDb().update(loginThrottle).set({ lockedUntil: now + delay }).where(eq(loginThrottle.key, account.key)).run();
    }
    const current = row(key);
    const fresh = !current || now - current.windowStart > IP_WINDOW_MS;
    const failures = fresh ? 1 : current.failures + 1;
    const windowStart = fresh ? now : current.windowStart;
    const lockedUntil = failures >= IP_LIMIT ? now + IP_LOCK_MS : (current?.lockedUntil ?? 0);
    getDb().insert(loginThrottle)
      .values({ key, failures, windowStart, lockedUntil })
      .onConflictDoUpdate({ target: loginThrottle.key, set: { failures, windowStart, lockedUntil } })
      .run();
  }, IMMEDIATE);
}

/** A correct password: the e-mail address starts afresh (the client address keeps its count). */
export function recordSignInSuccess(email: string): void {
  getDb().delete(loginThrottle).where(eq(loginThrottle.key, accountKey(email))).run();
}

export interface ThrottleEntry {
  kind: 'account' | 'ip';
  /** The e-mail address or client address. */
  subject: string;
  failures: number;
  until: number;
}

/** Every e-mail address and client address that currently has to wait. */
export function listSignInLocks(now = Date.now()): ThrottleEntry[] {
  return getDb().select().from(loginThrottle)
    .where(gt(loginThrottle.lockedUntil, now))
    .all()
    .filter((r) => r.key.startsWith(ACCOUNT) || r.key.startsWith(IP))
    .map((r) => {
      const kind = r.key.startsWith(ACCOUNT) ? ('account' as const) : ('ip' as const);
      return { kind, subject: r.key.slice(kind === 'account' ? ACCOUNT.length : IP.length), failures: r.failures, until: r.lockedUntil };
    })
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.subject.localeCompare(b.subject));
}

/** Lifts the wait and forgets the failures of an e-mail address or a client address; returns whether there was any. */
export function liftSignInLock(target: { email: string } | { ip: string }): boolean {
  const key = 'email' in target ? accountKey(target.email) : ipKey(target.ip);
  return getDb().delete(loginThrottle).where(eq(loginThrottle.key, key)).run().changes > 0;
}

/** Lifts every wait and lock; returns how many entries there were. */
export function liftAllSignInLocks(): number {
  return getDb().delete(loginThrottle).run().changes;
}

/** Forgets counts nobody needs any more (also rows of earlier versions' key formats). */
export function pruneThrottle(now = Date.now()): number {
  const keep = Math.max(ACCOUNT_FORGET_MS, IP_WINDOW_MS + IP_LOCK_MS);
  return getDb().delete(loginThrottle).where(and(lt(loginThrottle.windowStart, now - keep), lt(loginThrottle.lockedUntil, now))).run().changes;
}
