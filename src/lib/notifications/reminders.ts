import { and, eq, lt } from 'drizzle-orm';
import { listMembers } from '../auth/users';
import { loadViewer } from '../auth/viewer';
import { getDb } from '../db/client';
import { documents, reviewReminders } from '../db/schema';
import { canEditDocument } from '../documents/permissions';
import { canReadDocument } from '../documents/visibility';
import { queueMail } from '../mail/outbox';
import { berlinDay } from '../format';
import { wantsMail } from './preferences';

const MONTH_MS = 30 * 24 * 60 * 60 * 1000;

/** Published web Beiträge past their review date (Leitfäden from content/ are kept in git and left out). */
export function overdueDocuments(today: string) {
  return getDb()
    .select()
    .from(documents)
    .where(and(eq(documents.status, 'veroeffentlicht'), eq(documents.source, 'web'), lt(documents.reviewDue, today)))
    .all();
}

/**
 * "Stand prüfen": a Beitrag past its review date is announced to the Redakteur:innen (and
 * admins) of its Kommune once, then every 30 days while it stays overdue; a new review date
 * starts over. One mail per person lists all their due Beiträge. Call inside a transaction.
 */
export function queueReviewReminders(now: Date): number {
  const db = getDb();
  const today = berlinDay(now);
  const sent = new Map(db.select().from(reviewReminders).all().map((r) => [r.documentId, r]));
  const due = overdueDocuments(today).filter((d) => {
    const last = sent.get(d.id);
    return !last || last.reviewDue !== d.reviewDue || now.getTime() - Date.parse(last.lastSentAt) >= MONTH_MS;
  });
  if (due.length === 0) return 0;
  const perPerson = new Map<string, { email: string; ids: number[] }>();
  for (const tenant of new Set(due.map((d) => d.tenant))) {
    for (const { user, role } of listMembers(tenant)) {
      if (role === 'mitarbeiter' || user.disabledAt || !wantsMail(user.id, 'erinnerung')) continue;
      const viewer = loadViewer(user.id);
      if (!viewer) continue;
      const mine = due.filter((d) => d.tenant === tenant && canEditDocument(viewer, d) && canReadDocument(viewer, d)).map((d) => d.id);
      if (mine.length === 0) continue;
      const entry = perPerson.get(user.id) ?? { email: user.email, ids: [] };
      entry.ids.push(...mine);
      perPerson.set(user.id, entry);
    }
  }
  for (const [userId, { email, ids }] of perPerson) queueMail({ kind: 'erinnerung', userId, address: email, payload: { documentIds: ids } });
  for (const d of due) {
    const last = sent.get(d.id);
    const count = last && last.reviewDue === d.reviewDue ? last.count + 1 : 1;
    db.insert(reviewReminders)
      .values({ documentId: d.id, reviewDue: d.reviewDue!, lastSentAt: now.toISOString(), count })
      .onConflictDoUpdate({ target: reviewReminders.documentId, set: { reviewDue: d.reviewDue!, lastSentAt: now.toISOString(), count } })
      .run();
  }
  return perPerson.size;
}
