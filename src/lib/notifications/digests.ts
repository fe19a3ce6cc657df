import { and, eq, inArray, isNull, lte } from 'drizzle-orm';
import { loadViewer } from '../auth/viewer';
import { getDb } from '../db/client';
import { notifications } from '../db/schema';
import { queueMail } from '../mail/outbox';

/**
 * Puts every person's pending daily (or weekly) notifications into one digest mail each.
 * People with nothing pending get nothing. Call inside a transaction (the job's).
 */
export function queueDigests(frequency: 'taeglich' | 'woechentlich', now: Date): number {
  const db = getDb();
  const pending = db
    .select({ id: notifications.id, userId: notifications.userId })
    .from(notifications)
    .where(and(eq(notifications.delivery, frequency), isNull(notifications.digestOutboxId), lte(notifications.createdAt, now.toISOString())))
    .all();
  const byUser = new Map<string, number[]>();
  for (const n of pending) byUser.set(n.userId, [...(byUser.get(n.userId) ?? []), n.id]);
  let queued = 0;
  for (const [userId, ids] of byUser) {
    const viewer = loadViewer(userId);
    // A disabled account's items are consumed without a mail (0 = no digest).
    const outboxId = viewer ? queueMail({ kind: 'digest', userId, address: viewer.email, payload: { frequency } }).id : 0;
    for (let i = 0; i < ids.length; i += 500) db.update(notifications).set({ digestOutboxId: outboxId }).where(inArray(notifications.id, ids.slice(i, i + 500))).run();
    if (viewer) queued++;
  }
  return queued;
}
