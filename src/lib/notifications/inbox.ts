import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Viewer } from '../auth/viewer';
import { getDb, prepared } from '../db/client';
import { notificationEvents, notifications } from '../db/schema';
import { describeEvent, LoadCache, type Described } from './kinds';
import { preferencesOf } from './preferences';
import { listSubscriptions } from './subscriptions';

/** Unread notifications of a person: runs for every page a signed-in person gets (the header shows it). */
export function unreadCount(userId: string): number {
  return (
    prepared('unread-notifications', (d) =>
      d.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, sql.placeholder('id')), isNull(notifications.readAt))).prepare(),
    ).get({ id: userId })?.n ?? 0
  );
}

export interface InboxItem {
  id: number;
  createdAt: string;
  unread: boolean;
  what: Described;
}

/** The latest notifications as the person may see them now; `hidden` counts those about things they can no longer read. */
export function latestNotifications(viewer: Viewer, limit = 30): { items: InboxItem[]; hidden: number } {
  const rows = getDb()
    .select({ n: notifications, event: notificationEvents })
    .from(notifications)
    .innerJoin(notificationEvents, eq(notificationEvents.id, notifications.eventId))
    .where(eq(notifications.userId, viewer.id))
    .orderBy(desc(notifications.id))
    .limit(limit)
    .all();
  const cache = new LoadCache();
  const items: InboxItem[] = [];
  let hidden = 0;
  for (const r of rows) {
    const what = describeEvent(r.event, viewer, cache);
    if (what) items.push({ id: r.n.id, createdAt: r.n.createdAt, unread: r.n.readAt === null, what });
    else hidden++;
  }
  return { items, hidden };
}

export function markAllRead(userId: string): number {
  return getDb().update(notifications).set({ readAt: new Date().toISOString() }).where(and(eq(notifications.userId, userId), isNull(notifications.readAt))).run().changes;
}

/** Settings, follows and notifications of a person, for the personal data export. */
export function notificationDataOf(userId: string): Record<string, unknown> {
  return {
    einstellungen: preferencesOf(userId),
    abonnements: listSubscriptions(userId).map((s) => ({ gegenstand: s.subject, haeufigkeit: s.frequency, automatisch: s.automatic, seit: s.createdAt })),
    benachrichtigungen: getDb()
      .select({ art: notificationEvents.kind, beitrag: notificationEvents.documentId, grund: notifications.reason, zustellung: notifications.delivery, am: notifications.createdAt, gelesen: notifications.readAt })
      .from(notifications)
      .innerJoin(notificationEvents, eq(notificationEvents.id, notifications.eventId))
      .where(eq(notifications.userId, userId))
      .orderBy(desc(notifications.id))
      .all(),
  };
}
