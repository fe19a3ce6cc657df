import { and, eq, lt } from 'drizzle-orm';
import type { AstroCookies } from 'astro';
import { IMMEDIATE, getDb } from '../db/client';
import { pendingSignIns } from '../db/schema';
import { getConfig } from '../config';
import { generateToken, hashToken } from './session';

// A half-finished sign-in is no session: it opens no page, and the only thing its cookie can do
// is finish the one step it is waiting for (the code, or the password proving a local account
// to be one's own) within PENDING_TTL_MS.
export const PENDING_TTL_MS = 10 * 60_000;

export type PendingSignIn = typeof pendingSignIns.$inferSelect;
export type PendingInput = Omit<PendingSignIn, 'id' | 'expiresAt'>;

export function pendingCookieName(): string {
  return getConfig().secure ? '__Host-wn_pending' : 'wn_pending';
}

/** Stores the half-finished sign-in and gives the browser its token. */
export function beginPending(cookies: AstroCookies, input: PendingInput, now = Date.now()): void {
  const token = generateToken();
  const db = getDb();
  db.transaction(() => {
    db.delete(pendingSignIns).where(lt(pendingSignIns.expiresAt, now)).run();
    db.insert(pendingSignIns).values({ ...input, id: hashToken(token), expiresAt: now + PENDING_TTL_MS }).run();
  }, IMMEDIATE);
  cookies.set(pendingCookieName(), token, { httpOnly: true, sameSite: 'lax', path: '/', secure: getConfig().secure, maxAge: PENDING_TTL_MS / 1000 });
}

/** The browser's half-finished sign-in of this kind, or null. */
export function readPending(cookies: AstroCookies, kind: PendingSignIn['kind'], now = Date.now()): PendingSignIn | null {
  const token = cookies.get(pendingCookieName())?.value;
  if (!token) return null;
  const row = getDb().select().from(pendingSignIns).where(and(eq(pendingSignIns.id, hashToken(token)), eq(pendingSignIns.kind, kind))).get();
  return row && row.expiresAt > now ? row : null;
}

/** Ends the half-finished sign-in (finished or given up): each can be finished once. Returns whether it was still there. */
export function endPending(cookies: AstroCookies, pending: PendingSignIn | null): boolean {
  cookies.set(pendingCookieName(), '', { httpOnly: true, sameSite: 'lax', path: '/', secure: getConfig().secure, maxAge: 0 });
  if (!pending) return false;
  return getDb().delete(pendingSignIns).where(eq(pendingSignIns.id, pending.id)).run().changes > 0;
}

export function prunePending(now = Date.now()): number {
  return getDb().delete(pendingSignIns).where(lt(pendingSignIns.expiresAt, now)).run().changes;
}
