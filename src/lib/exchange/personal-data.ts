import { eq } from 'drizzle-orm';
import { getDb } from '../db/client';
import { answerLinks, answers, comments, contactOffers, exchangeEdits, exchangeReports, questions, questionTags, questionTopics } from '../db/schema';

/** A person's questions, answers, comments, replaced texts, reports and contact offer, for the DSGVO export. */
export function exchangeDataOf(userId: string): Record<string, unknown> {
  const db = getDb();
  const qs = db.select().from(questions).where(eq(questions.authorId, userId)).all();
  return {
    fragen: qs.map((q) => ({
      id: q.id,
      kommune: q.tenant,
      sichtbarkeit: q.visibility,
      titel: q.title,
      text: q.bodyMd,
      themenfelder: db.select({ t: questionTopics.topic }).from(questionTopics).where(eq(questionTopics.questionId, q.id)).all().map((r) => r.t),
      schlagwoerter: db.select({ t: questionTags.tag }).from(questionTags).where(eq(questionTags.questionId, q.id)).all().map((r) => r.t),
      am: q.createdAt,
      bearbeitetAm: q.editedAt,
      ausgeblendetAm: q.hiddenAt,
      ausgeblendetWeil: q.hiddenReason,
    })),
    antworten: db
      .select()
      .from(answers)
      .where(eq(answers.authorId, userId))
      .all()
      .map((a) => ({
        id: a.id,
        frage: a.questionId,
        kommune: a.tenant,
        text: a.bodyMd,
        verlinkteBeitraege: db.select({ id: answerLinks.documentId }).from(answerLinks).where(eq(answerLinks.answerId, a.id)).all().map((r) => r.id),
        am: a.createdAt,
        bearbeitetAm: a.editedAt,
        ausgeblendetAm: a.hiddenAt,
        ausgeblendetWeil: a.hiddenReason,
      })),
    kommentare: db
      .select()
      .from(comments)
      .where(eq(comments.authorId, userId))
      .all()
      .map((c) => ({ id: c.id, beitrag: c.documentId, kommune: c.tenant, text: c.bodyMd, am: c.createdAt, bearbeitetAm: c.editedAt, ausgeblendetAm: c.hiddenAt, ausgeblendetWeil: c.hiddenReason })),
    fruehereFassungen: db
      .select({ art: exchangeEdits.kind, zu: exchangeEdits.itemId, titel: exchangeEdits.title, text: exchangeEdits.bodyMd, geschrieben: exchangeEdits.writtenAt, ersetzt: exchangeEdits.replacedAt })
      .from(exchangeEdits)
      .where(eq(exchangeEdits.editorId, userId))
      .all(),
    meldungen: db
      .select({ art: exchangeReports.kind, zu: exchangeReports.itemId, grund: exchangeReports.reason, am: exchangeReports.createdAt, erledigtAm: exchangeReports.resolvedAt })
      .from(exchangeReports)
      .where(eq(exchangeReports.reporterId, userId))
      .all(),
    ansprechpartner: db.select({ themenfelder: contactOffers.topics, schlagwoerter: contactOffers.tags, hinweis: contactOffers.note }).from(contactOffers).where(eq(contactOffers.userId, userId)).get() ?? null,
  };
}

/**
 * Before an account is deleted: its questions, answers, comments, replaced texts and reports
 * stay, attributed to `label` ("ehemaliges Konto"); the foreign keys then drop the link to
 * the person and the contact offer. Call inside the deletion's transaction.
 */
export function detachExchangeAuthor(userId: string, label: string): void {
  const db = getDb();
  db.update(questions).set({ authorLabel: label }).where(eq(questions.authorId, userId)).run();
  db.update(answers).set({ authorLabel: label }).where(eq(answers.authorId, userId)).run();
  db.update(comments).set({ authorLabel: label }).where(eq(comments.authorId, userId)).run();
  db.update(exchangeEdits).set({ editorLabel: label }).where(eq(exchangeEdits.editorId, userId)).run();
  db.update(exchangeReports).set({ reporterLabel: label }).where(eq(exchangeReports.reporterId, userId)).run();
}
