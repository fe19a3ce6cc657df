import { eq } from 'drizzle-orm';
import { IMMEDIATE, getDb } from '../db/client';
import { documents, revisions } from '../db/schema';
import { HttpError } from '../http/errors';
import { requestReindex } from '../search/scheduler';
import type { DocumentData } from './data';
import { getDocumentById, liveRevision, pendingRevision } from './revisions';
import { appendRevision, mirrorRevision, type DocumentRow } from './store';
import { assertCanEdit, type Actor } from './workflow';
import { writeAudit } from '../audit/log';
import { berlinDay } from '../format';

/** Next review one year after the confirmation. */
export function nextReviewDate(today: string): string {
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * "Stand bestätigt": a Redakteur:in confirms that a published Beitrag is still correct. The
 * lighter path: a new live revision that copies the live one with Stand = today and the next
 * review a year later, without four-eyes review, because nothing but these two dates changes
 * (the revision history shows it as such). Refused while other work on the Beitrag is pending.
 */
export function confirmStand(actor: Actor, doc: DocumentRow, today = berlinDay()): DocumentRow {
  assertCanEdit(actor, doc);
  const db = getDb();
  const updated = db.transaction(() => {
    const current = getDocumentById(doc.id)!;
    if (current.status !== 'veroeffentlicht') throw new HttpError(409, 'Nur veröffentlichte Beiträge können bestätigt werden.');
    if (pendingRevision(current)) {
      throw new HttpError(409, 'Zu diesem Beitrag gibt es eine offene Fassung. Bitte schließen Sie diese ab; mit ihrer Freigabe gilt der neue Stand.');
    }
    const live = liveRevision(current)!;
    const data: DocumentData = { ...(JSON.parse(live.data) as DocumentData), stand: today, reviewDue: nextReviewDate(today) };
    db.update(revisions).set({ status: 'abgeloest' }).where(eq(revisions.id, live.id)).run();
    const now = new Date().toISOString();
    const row = appendRevision(current.id, {
      data,
      bodyMd: live.bodyMd,
      status: 'veroeffentlicht',
      authorId: actor.viewer.id,
      authorLabel: actor.viewer.name,
      note: 'Stand bestätigt (Inhalt unverändert)',
      baseRevisionId: live.id,
      reviewerId: actor.viewer.id,
      reviewedAt: now,
      reviewComment: 'Stand bestätigt ohne inhaltliche Änderung',
    });
    mirrorRevision(current.id, data);
    db.update(documents).set({ liveRevisionId: row.id, updatedAt: now }).where(eq(documents.id, current.id)).run();
    writeAudit({
      action: 'document.confirm_stand',
      actor: { id: actor.viewer.id, label: actor.viewer.email },
      tenant: current.tenant,
      object: `${current.tenant}/beitraege/${current.slug} Fassung ${row.number}`,
      ip: actor.ip,
      detail: `Stand ${today}, nächste Prüfung ${data.reviewDue}`,
    });
    return getDocumentById(current.id)!;
  }, IMMEDIATE);
  requestReindex('Stand bestätigt');
  return updated;
}
