import { eq, lt } from 'drizzle-orm';
import { getDb } from '../db/client';
import { resetThrottle } from '../db/schema';

// Requests for password-reset mails, counted per address and per IP in their own table (the
// sign-in throttle is a separate matter). Kept in SQLite so a restart does not reset them.
const WINDOW_MS = 60 * 60 * 1000;
/** Reset mails per address and hour: enough for a typo or a slow mailbox, too few to flood one. */
export const RESET_ADDRESS_LIMIT = 3;
/** Requests per IP and hour, across addresses. */
export const RESET_IP_LIMIT = 20;

/** Counts one request under `key`; false when the key is over its limit in this window. Call inside a transaction. */
export function countResetRequest(key: string, limit: number, now = Date.now()): boolean {
  const db = getDb();
  const row = db.select().from(resetThrottle).where(eq(resetThrottle.key, key)).get();
  const fresh = !row || now - row.windowStart >= WINDOW_MS;
  const count = fresh ? 1 : row.count + 1;
  const windowStart = fresh ? now : row.windowStart;
  db.insert(resetThrottle).values({ key, count, windowStart }).onConflictDoUpdate({ target: resetThrottle.key, set: { count, windowStart } }).run();
  return count <= limit;
}

export function pruneResetThrottle(now = Date.now()): void {
  getDb().delete(resetThrottle).where(lt(resetThrottle.windowStart, now - WINDOW_MS)).run();
}
