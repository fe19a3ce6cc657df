import { and, eq, sql } from 'drizzle-orm';
import { getDb, prepared } from '../db/client';
import { notificationPreferences } from '../db/schema';

/**
 * Mails a person gets for their role rather than for a follow: 'redaktion' (review requests,
 * publish and return notices), 'erinnerung' (Stand prüfen) and 'austausch' (answers to one's own
 * questions; reports to the admins who moderate). On unless switched off.
 */
export const PURPOSES = ['redaktion', 'erinnerung', 'austausch'] as const;
export type Purpose = (typeof PURPOSES)[number];

export const PURPOSE_LABELS: Record<Purpose, string> = {
  redaktion: 'Mails zur Redaktion: Prüfanfragen, Rückgaben und Veröffentlichungen Ihrer Beiträge',
  erinnerung: 'Erinnerungen „Stand prüfen“, wenn Beiträge Ihrer Kommune zur Prüfung fällig sind',
  austausch: 'Mails zum Austausch: neue Antworten auf Ihre Fragen und, für Admins, Meldungen von Fragen, Antworten und Kommentaren',
};

export function isPurpose(value: string): value is Purpose {
  return (PURPOSES as readonly string[]).includes(value);
}

export function wantsMail(userId: string, purpose: Purpose): boolean {
  const row = prepared('wants-mail', (d) =>
    d
      .select({ value: notificationPreferences.value })
      .from(notificationPreferences)
      .where(and(eq(notificationPreferences.userId, sql.placeholder('user')), eq(notificationPreferences.purpose, sql.placeholder('purpose'))))
      .prepare(),
  ).get({ user: userId, purpose });
  return row?.value !== 'aus';
}

export function setWantsMail(userId: string, purpose: Purpose, on: boolean): void {
  getDb()
    .insert(notificationPreferences)
    .values({ userId, purpose, value: on ? 'an' : 'aus' })
    .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.purpose], set: { value: on ? 'an' : 'aus' } })
    .run();
}

export function preferencesOf(userId: string): Record<Purpose, boolean> {
  return Object.fromEntries(PURPOSES.map((p) => [p, wantsMail(userId, p)])) as Record<Purpose, boolean>;
}
