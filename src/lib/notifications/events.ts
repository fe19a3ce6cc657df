import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { loadViewer } from '../auth/viewer';
import { IMMEDIATE, getDb, prepared } from '../db/client';
import { notificationEvents, notifications } from '../db/schema';
import { queueMail } from '../mail/outbox';
import { describeEvent, LoadCache, type EventRow } from './kinds';
import { wantsMail, type Purpose } from './preferences';
import { subscribersOf } from './subscriptions';

/**
 * The event model. Domain code calls one of two functions inside the transaction of the cause:
 * - recordEvent: something happened to subjects people may follow (beitrag:12, themenfeld:schule …).
 *   Only the event row is written there, so a publish stays fast with thousands of followers; the
 *   worker of the server hands it to the subscribers soon after (fanOutPending), idempotently.
 * - notifyPeople: something for named people (a review request to the admins, a notice to the
 *   author); their notifications and mails are written right there.
 * New kinds (a new answer to my question, a comment on a watched Beitrag) add an entry to
 * EVENT_KINDS (kinds.ts) and call one of these.
 */
export interface NewEvent {
  kind: string;
  documentId?: number | null;
  actorId?: string | null;
  data?: Record<string, unknown>;
}

const slot = globalThis as typeof globalThis & { __wissensnetzNotificationsWake?: () => void };

/** Registers the worker's wake-up (shared by the start script and the app bundle). */
export function onEventRecorded(fn: (() => void) | undefined): void {
  slot.__wissensnetzNotificationsWake = fn;
}

function wake(): void {
  const fn = slot.__wissensnetzNotificationsWake;
  if (fn) setImmediate(fn);
}

/** `except`: people told otherwise already (the author, by an editorial notice); the actor is never told. */
export function recordEvent(event: NewEvent & { subjects: string[]; except?: (string | null)[] }): EventRow {
  const except = (event.except ?? []).filter((id): id is string => id !== null);
  const row = getDb()
    .insert(notificationEvents)
    .values({ kind: event.kind, documentId: event.documentId ?? null, actorId: event.actorId ?? null, subjects: JSON.stringify([...new Set(event.subjects)]), data: JSON.stringify({ ...event.data, ...(except.length ? { except } : {}) }) })
    .returning()
    .get();
  wake();
  return row;
}

/** For named recipients: one notification each, and a mail unless they switched the purpose off. */
export function notifyPeople(event: NewEvent & { purpose: Purpose; recipients: string[] }): EventRow {
  const db = getDb();
  const row = db
    .insert(notificationEvents)
    .values({ kind: event.kind, documentId: event.documentId ?? null, actorId: event.actorId ?? null, data: JSON.stringify(event.data ?? {}), fannedOutAt: new Date().toISOString() })
    .returning()
    .get();
  for (const userId of new Set(event.recipients)) {
    const viewer = loadViewer(userId);
    if (!viewer) continue;
    const mail = wantsMail(userId, event.purpose);
    const n = db.insert(notifications).values({ userId, eventId: row.id, reason: event.purpose, delivery: mail ? 'sofort' : 'keine' }).returning({ id: notifications.id }).get();
    if (mail) queueMail({ kind: 'benachrichtigung', userId, address: viewer.email, payload: { notificationId: n.id } });
  }
  return row;
}

const RANK = { sofort: 0, taeglich: 1, woechentlich: 2 } as const;

/** Prepared once per handle: a fan-out runs it for every follower. */
const insertNotification = () =>
  prepared('insert-notification', (d) =>
    d
      .insert(notifications)
      .values({ userId: sql.placeholder('userId'), eventId: sql.placeholder('eventId'), reason: sql.placeholder('reason'), delivery: sql.placeholder('delivery') })
      .onConflictDoNothing()
      .returning({ id: notifications.id })
      .prepare(),
  );
type Delivery = keyof typeof RANK;
const CHUNK = 500;

/**
 * Hands one event to its subscribers: each person once (the most immediate of their matching
 * subscriptions wins), never the person who caused it, and only people who may read it now.
 * Chunks are separate transactions; a crash in between is harmless, since a person who already
 * has the notification is skipped (unique per person and event) and gets no second mail.
 */
function fanOut(event: EventRow): void {
  const db = getDb();
  const best = new Map<string, { subject: string; delivery: Delivery }>();
  const except = new Set([event.actorId, ...(((JSON.parse(event.data) as { except?: string[] }).except) ?? [])]);
  for (const s of subscribersOf(JSON.parse(event.subjects) as string[], event.createdAt)) {
    if (except.has(s.userId) || s.frequency === 'aus') continue;
    const current = best.get(s.userId);
    if (!current || RANK[s.frequency] < RANK[current.delivery]) best.set(s.userId, { subject: s.subject, delivery: s.frequency });
  }
  const cache = new LoadCache();
  const people = [...best.entries()];
  for (let i = 0; i < people.length; i += CHUNK) {
    db.transaction(() => {
      for (const [userId, { subject, delivery }] of people.slice(i, i + CHUNK)) {
        const viewer = loadViewer(userId);
        if (!viewer || !describeEvent(event, viewer, cache)) continue;
        const n = insertNotification().get({ userId, eventId: event.id, reason: subject, delivery }) as { id: number } | undefined;
        if (!n) continue;
        if (delivery === 'sofort') queueMail({ kind: 'benachrichtigung', userId, address: viewer.email, payload: { notificationId: n.id } });
      }
    }, IMMEDIATE);
  }
  db.update(notificationEvents).set({ fannedOutAt: new Date().toISOString() }).where(and(eq(notificationEvents.id, event.id), isNull(notificationEvents.fannedOutAt))).run();
}

/** Hands up to `limit` pending events to their subscribers, oldest first; returns how many events it handled. */
export function fanOutPending(limit = 20): number {
  const pending = getDb().select().from(notificationEvents).where(isNull(notificationEvents.fannedOutAt)).orderBy(asc(notificationEvents.id)).limit(limit).all();
  for (const event of pending) fanOut(event);
  return pending.length;
}

export function hasPendingEvents(): boolean {
  return getDb().select({ id: notificationEvents.id }).from(notificationEvents).where(isNull(notificationEvents.fannedOutAt)).limit(1).get() !== undefined;
}

/** Marks every pending event as handled without telling anyone (loading demo history is no news). */
export function settlePendingEvents(): number {
  return getDb().update(notificationEvents).set({ fannedOutAt: new Date().toISOString() }).where(isNull(notificationEvents.fannedOutAt)).run().changes;
}
