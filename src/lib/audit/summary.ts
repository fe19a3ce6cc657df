import { and, count, eq, gte, isNotNull, sql } from 'drizzle-orm';
import { IMMEDIATE, getDb } from '../db/client';
import { auditLog } from '../db/schema';
import { escapeControl } from './log';

// Refused sign-ins cost an attacker nothing, so they must not cost the log a row each. They are
// counted in summary rows instead: one per window (a UTC hour) and action, and per client address
// and/or e-mail address as the caller groups them. Whatever is sent, one window gets at most
// ROWS_PER_WINDOW summary rows plus one overflow row per action, and one client address at most
// OBJECTS_PER_ADDRESS rows per action (further e-mail addresses from it share one row).
export const SUMMARY_WINDOW_MS = 60 * 60_000;
export const OBJECTS_PER_ADDRESS = 20;
export const ROWS_PER_WINDOW = 200;
/** Shown instead of an address or e-mail address when a summary row covers several. */
export const SEVERAL = '(mehrere)';

export interface SummaryInput {
  action: string;
  ip: string;
  /** The e-mail address the attempt named. */
  object: string;
  /** What makes attempts one row: the client address, the e-mail address, or both. */
  by: 'ip' | 'object' | 'ip+object';
}

/** Counts one refused event into its summary row, creating the row when it is the first of its window. */
export function writeAuditSummary(input: SummaryInput, now = Date.now()): void {
  const db = getDb();
  const window = Math.floor(now / SUMMARY_WINDOW_MS);
  const windowStart = new Date(window * SUMMARY_WINDOW_MS).toISOString();
  const at = new Date(now).toISOString();
  const action = escapeControl(input.action);
  let ip = escapeControl(input.ip).slice(0, 64);
  let object = escapeControl(input.object).slice(0, 300);
  let key = JSON.stringify([window, action, input.by === 'object' ? '' : ip, input.by === 'ip' ? '' : object]);
  db.transaction(() => {
    const existing = db.select({ id: auditLog.id, ip: auditLog.ip, object: auditLog.object }).from(auditLog).where(eq(auditLog.summaryKey, key)).get();
    if (existing) {
      db.update(auditLog)
        .set({ count: sql`${auditLog.count} + 1`, lastAt: at, ip: existing.ip === ip ? ip : SEVERAL, object: existing.object === object ? object : SEVERAL })
        .where(eq(auditLog.id, existing.id))
        .run();
      return;
    }
    const inWindow = and(gte(auditLog.at, windowStart), isNotNull(auditLog.summaryKey));
    const rows = (where = inWindow) => db.select({ n: count() }).from(auditLog).where(where).get()?.n ?? 0;
    if (rows() >= ROWS_PER_WINDOW) {
      key = JSON.stringify([window, action, '*']);
      ip = SEVERAL;
      object = SEVERAL;
    } else if (input.by === 'ip+object' && rows(and(inWindow, eq(auditLog.action, action), eq(auditLog.ip, ip))) >= OBJECTS_PER_ADDRESS) {
      key = JSON.stringify([window, action, ip, '*']);
      object = SEVERAL;
    }
    db.insert(auditLog)
      .values({ at, action, actorId: null, actorLabel: 'anonym', tenant: null, object, ip, detail: '', count: 1, lastAt: at, summaryKey: key })
      .onConflictDoUpdate({ target: auditLog.summaryKey, set: { count: sql`${auditLog.count} + 1`, lastAt: at } })
      .run();
  }, IMMEDIATE);
}
