import { and, asc, eq, inArray, lte, ne, sql } from 'drizzle-orm';
import { getDb, prepared } from '../db/client';
import { notificationSubscriptions } from '../db/schema';
import type { Frequency } from './subjects';

export type SubscriptionRow = typeof notificationSubscriptions.$inferSelect;

/** Sets how a person hears about a subject (watch a Beitrag, follow a Themenfeld, Kommune or tag); 'aus' is kept as a choice. */
export function follow(userId: string, subject: string, frequency: Frequency): void {
  getDb()
    .insert(notificationSubscriptions)
    .values({ userId, subject, frequency, automatic: false })
    .onConflictDoUpdate({ target: [notificationSubscriptions.userId, notificationSubscriptions.subject], set: { frequency, automatic: false } })
    .run();
}

/**
 * A watch the hub sets for a person (an author watches their own Beitrag): at once, unless the
 * person already chose something for this subject — an earlier "aus" stays "aus".
 */
export function watchByDefault(userId: string, subject: string): void {
  getDb().insert(notificationSubscriptions).values({ userId, subject, frequency: 'sofort', automatic: true }).onConflictDoNothing().run();
}

export function subscriptionOf(userId: string, subject: string): SubscriptionRow | undefined {
  return getDb()
    .select()
    .from(notificationSubscriptions)
    .where(and(eq(notificationSubscriptions.userId, userId), eq(notificationSubscriptions.subject, subject)))
    .get();
}

export function listSubscriptions(userId: string): SubscriptionRow[] {
  return getDb().select().from(notificationSubscriptions).where(eq(notificationSubscriptions.userId, userId)).orderBy(asc(notificationSubscriptions.subject)).all();
}

/** Subscriptions (not 'aus') to any of the subjects that existed when the event happened. */
export function subscribersOf(subjects: string[], before: string): Pick<SubscriptionRow, 'userId' | 'subject' | 'frequency'>[] {
  if (subjects.length === 0) return [];
  return getDb()
    .select({ userId: notificationSubscriptions.userId, subject: notificationSubscriptions.subject, frequency: notificationSubscriptions.frequency })
    .from(notificationSubscriptions)
    .where(and(inArray(notificationSubscriptions.subject, subjects), ne(notificationSubscriptions.frequency, 'aus'), lte(notificationSubscriptions.createdAt, before)))
    .all();
}

/** Switches off every subscription of a person with this frequency (unsubscribing from a digest). */
export function switchOffFrequency(userId: string, frequency: Exclude<Frequency, 'aus'>): string[] {
  return getDb()
    .update(notificationSubscriptions)
    .set({ frequency: 'aus', automatic: false })
    .where(and(eq(notificationSubscriptions.userId, userId), eq(notificationSubscriptions.frequency, frequency)))
    .returning({ subject: notificationSubscriptions.subject })
    .all()
    .map((r) => r.subject);
}

export function subjectsWithFrequency(userId: string, frequency: Frequency): string[] {
  return getDb()
    .select({ subject: notificationSubscriptions.subject })
    .from(notificationSubscriptions)
    .where(and(eq(notificationSubscriptions.userId, userId), eq(notificationSubscriptions.frequency, frequency)))
    .all()
    .map((r) => r.subject);
}

/** The frequency a person chose for a subject; runs for every shared page that shows it, so prepared once. */
export function frequencyOf(userId: string, subject: string): Frequency | undefined {
  return prepared('subscription-frequency', (d) =>
    d
      .select({ frequency: notificationSubscriptions.frequency })
      .from(notificationSubscriptions)
      .where(and(eq(notificationSubscriptions.userId, sql.placeholder('user')), eq(notificationSubscriptions.subject, sql.placeholder('subject'))))
      .prepare(),
  ).get({ user: userId, subject })?.frequency;
}
