import { and, count, lt, or, like, eq, not, sql, type SQL } from 'drizzle-orm';
import { getConfig } from '../config';
import { getDb } from '../db/client';
import { auditLog } from '../db/schema';

/**
 * Sign-in and session events (who signed in when, from which address, refused attempts) are kept
 * for `auditRetention.signInMonths`; every other entry (invitations, roles, removals, disabling,
 * account deletion, operator commands) for `auditRetention.otherMonths`. The running server
 * deletes older entries at start and every hour (ops/housekeeping.ts).
 */
export const SIGN_IN_EVENTS: SQL = or(like(auditLog.action, 'anmeldung.%'), eq(auditLog.action, 'abmeldung'), like(auditLog.action, 'sitzung.%'))!;

/** `months` calendar months before `now`, as the ISO text the log stores. */
export function monthsBefore(now: number, months: number): string {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString();
}

/** Time of an entry's last event (a summary row's last one). */
const lastEvent = sql`coalesce(${auditLog.lastAt}, ${auditLog.at})`;

function expired(now: number): SQL {
  const { signInMonths, otherMonths } = getConfig().auditRetention;
  return or(
    and(SIGN_IN_EVENTS, lt(lastEvent, monthsBefore(now, signInMonths))),
    and(not(SIGN_IN_EVENTS), lt(lastEvent, monthsBefore(now, otherMonths))),
  )!;
}

/** Deletes the entries past their retention; returns how many. */
export function pruneAudit(now = Date.now()): number {
  return getDb().delete(auditLog).where(expired(now)).run().changes;
}

/** For the operator: how many entries there are, the oldest, and how many are past their retention. */
export function auditRetentionReport(now = Date.now()): { entries: number; oldest: string | null; expired: number } {
  const db = getDb();
  const entries = db.select({ n: count(), oldest: sql<string | null>`min(${auditLog.at})` }).from(auditLog).get();
  const past = db.select({ n: count() }).from(auditLog).where(expired(now)).get();
  return { entries: entries?.n ?? 0, oldest: entries?.oldest ?? null, expired: past?.n ?? 0 };
}
