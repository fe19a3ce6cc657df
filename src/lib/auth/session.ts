import { createHash } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, eq, lt, sql } from 'drizzle-orm';
import { getDb, prepared } from '../db/client';
import { sessions, users } from '../db/schema';

// Sessions after the Lucia guide: a random token goes to the browser, only its SHA-256 is stored.
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000; // sliding: ends after 8 h without use
export const SESSION_ABSOLUTE_MS = 7 * DAY; // never longer than a week, however active

export interface Session {
  id: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
  absoluteExpiresAt: number;
  userAgent: string;
  /** `sso`: signed in through a Kommune's identity provider, which also vouches for the second factor. */
  method: 'passwort' | 'sso';
  /** The Kommune whose provider signed the person in. */
  ssoTenant: string | null;
}

/** How a session came about; password sessions are the default. */
export type SessionOrigin = { method: 'passwort' } | { method: 'sso'; tenant: string };

/** 160 random bits, base32. */
export function generateToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

// Node's own SHA-256 (OpenSSL): the same hex digest as the Lucia guide's, a tenth of the time of a
// JavaScript implementation, on every signed-in request.
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function createSession(userId: string, userAgent = '', now = Date.now(), origin: SessionOrigin = { method: 'passwort' }): { token: string; session: Session } {
  const token = generateToken();
  const session: Session = {
    id: hashToken(token),
    userId,
    createdAt: now,
    expiresAt: Math.min(now + SESSION_IDLE_MS, now + SESSION_ABSOLUTE_MS),
    absoluteExpiresAt: now + SESSION_ABSOLUTE_MS,
    userAgent: userAgent.slice(0, 200),
    method: origin.method,
    ssoTenant: origin.method === 'sso' ? origin.tenant : null,
  };
  getDb().insert(sessions).values(session).run();
  return { token, session };
}

// On every signed-in request: one table and a subquery, not a join (compareKeys in
// db/client.ts says why). `account` is '' for an active account, the date it was disabled, or
// null when the account is gone (foreign keys delete its sessions, so that is only a safeguard).
const readSession = (id: string) =>
  prepared('session-by-id', (d) =>
    d
      .select({ session: sessions, account: sql<string | null>`(SELECT coalesce(${users.disabledAt}, '') FROM ${users} WHERE ${users.id} = ${sessions.userId})` })
      .from(sessions)
      .where(eq(sessions.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id });

const ended = (row: { session: Session; account: string | null }, now: number) =>
  row.account !== '' || now >= row.session.expiresAt || now >= row.session.absoluteExpiresAt;

/** The expiry slides only when a quarter of the idle window has passed, to avoid a write per request. */
const dueForExtension = (session: Session, now: number) => session.expiresAt - now < (SESSION_IDLE_MS * 3) / 4;

/**
 * Returns the live session for a token, sliding its expiry; null when unknown, expired or the
 * user is disabled. `refreshed` says the expiry moved, so the browser needs the cookie again.
 */
export function validateSessionToken(token: string, now = Date.now()): (Session & { refreshed: boolean }) | null {
  const db = getDb();
  const id = hashToken(token);
  const row = readSession(id);
  if (!row) return null;
  const { session } = row;
  if (ended(row, now)) {
    db.delete(sessions).where(eq(sessions.id, id)).run();
    return null;
  }
  if (!dueForExtension(session, now)) return { ...session, refreshed: false };
  session.expiresAt = Math.min(now + SESSION_IDLE_MS, session.absoluteExpiresAt);
  db.update(sessions).set({ expiresAt: session.expiresAt }).where(eq(sessions.id, id)).run();
  return { ...session, refreshed: true };
}

/**
 * The live session for a token when using it needs no write and no new cookie; null when it
 * is unknown, ended or due for extension (then validateSessionToken has work to do).
 */
export function peekSession(token: string, now = Date.now()): Session | null {
  const session = liveSession(token, now);
  return session && !dueForExtension(session, now) ? session : null;
}

/** The live session for a token, read only (its expiry is not moved): null when unknown or ended. */
export function liveSession(token: string, now = Date.now()): Session | null {
  const row = readSession(hashToken(token));
  return row && !ended(row, now) ? row.session : null;
}

export function invalidateSession(sessionId: string): void {
  getDb().delete(sessions).where(eq(sessions.id, sessionId)).run();
}

export function invalidateUserSessions(userId: string): void {
  getDb().delete(sessions).where(eq(sessions.userId, userId)).run();
}

export function listUserSessions(userId: string): Session[] {
  return getDb().select().from(sessions).where(eq(sessions.userId, userId)).all();
}

/** Ends one of the user's own sessions, identified by a short public id (first 16 hex chars of its hash). */
export function invalidateUserSessionByPublicId(userId: string, publicId: string): boolean {
  const mine = listUserSessions(userId).find((s) => s.id.slice(0, 16) === publicId);
  if (!mine) return false;
  invalidateSession(mine.id);
  return true;
}

export function deleteExpiredSessions(now = Date.now()): void {
  getDb().delete(sessions).where(lt(sessions.expiresAt, now)).run();
  getDb().delete(sessions).where(and(lt(sessions.absoluteExpiresAt, now))).run();
}
