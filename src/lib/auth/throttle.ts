import { eq, lt } from 'drizzle-orm';
import { IMMEDIATE, getDb } from '../db/client';
import { loginThrottle } from '../db/schema';

// Kept in SQLite so a restart does not reset a lock.
const WINDOW_MS = 15 * 60 * 1000;
const LOCK_MS = 15 * 60 * 1000;
export const ACCOUNT_LIMIT = 10; // failures per account and IP within the window
export const IP_LIMIT = 50; // failures per IP within the window, across accounts

function keys(email: string, ip: string): { account: string; ip: string } {
  return { account: `acct:${email}|${ip}`, ip: `ip:${ip}` };
}

function lockedUntil(key: string, now: number): number {
  const row = getDb().select().from(loginThrottle).where(eq(loginThrottle.key, key)).get();
  return row && row.lockedUntil > now ? row.lockedUntil : 0;
}

/** When sign-in for this account and IP is locked, the time the lock ends; else 0. */
export function signInLockedUntil(email: string, ip: string, now = Date.now()): number {
  const k = keys(email, ip);
  return Math.max(lockedUntil(k.account, now), lockedUntil(k.ip, now));
}

function bump(key: string, limit: number, now: number): void {
  const db = getDb();
  const row = db.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get();
  const fresh = !row || now - row.windowStart > WINDOW_MS;
  const failures = fresh ? 1 : row.failures + 1;
  const windowStart = fresh ? now : row.windowStart;
  const locked = failures >= limit ? now + LOCK_MS : (row?.lockedUntil ?? 0);
  db.insert(loginThrottle)
    .values({ key, failures, windowStart, lockedUntil: locked })
    .onConflictDoUpdate({ target: loginThrottle.key, set: { failures, windowStart, lockedUntil: locked } })
    .run();
}

export function recordSignInFailure(email: string, ip: string, now = Date.now()): void {
  const k = keys(email, ip);
  getDb().transaction(() => {
    bump(k.account, ACCOUNT_LIMIT, now);
    bump(k.ip, IP_LIMIT, now);
  }, IMMEDIATE);
}

export function clearSignInFailures(email: string, ip: string): void {
  getDb().delete(loginThrottle).where(eq(loginThrottle.key, keys(email, ip).account)).run();
}

export function pruneThrottle(now = Date.now()): void {
  getDb().delete(loginThrottle).where(lt(loginThrottle.windowStart, now - WINDOW_MS - LOCK_MS)).run();
}
