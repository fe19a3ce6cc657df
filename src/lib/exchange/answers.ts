import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { IMMEDIATE, getDb, prepared } from '../db/client';
import { answerLinks, answers, questions, questionTags, questionTopics } from '../db/schema';
import type { Viewer } from '../auth/viewer';
import { HttpError } from '../http/errors';
import { renderMarkdown } from '../markdown/render';
import { requestReindex } from '../search/scheduler';
import { readableDocumentsByIds, type DocumentSummary } from '../documents/list';
import { canReadAnswer, canReadQuestion, listAudienceKey, questionListableWhere } from '../documents/visibility';
import { cachedRead } from '../db/read-cache';
import type { Topic, Visibility } from '../documents/vocabulary';
import { emitExchangeEvent } from './events';
import { recordReplacedText } from './history';
import { canEditOwn, ownTenants } from './permissions';
import { isPostingThrottled, submitKey, THROTTLE_MESSAGE } from './posting';
import type { PostOutcome, QuestionRow } from './questions';
import { checkText, TEXT_NAMES, LIMITS, type FieldErrors } from './vocabulary';

export type AnswerRow = typeof answers.$inferSelect;

/** At most this many Beiträge linked from one answer. */
export const LINK_LIMIT = 5;
const UNKNOWN_LINK = 'Mindestens einer der gewählten Beiträge wurde nicht gefunden. Bitte wählen Sie die Beiträge erneut über die Suche.';

export interface AnswerInput {
  tenant: string;
  body: string;
  /** Ids of Beiträge to link. */
  links: number[];
}

/**
 * Checks an answer: text within limits, and every linked Beitrag readable by the viewer.
 * A Beitrag the viewer may not read gets the same message as one that does not exist.
 */
export function checkAnswer(viewer: Viewer, input: AnswerInput): { errors: FieldErrors; linked: DocumentSummary[] } {
  const errors: FieldErrors = {};
  if (!ownTenants(viewer).includes(input.tenant)) errors['kommune'] = 'Bitte wählen Sie die Kommune, für die Sie antworten.';
  const textError = checkText(input.body, LIMITS.answer, TEXT_NAMES.answer);
  if (textError) errors['text'] = textError;
  const ids = [...new Set(input.links)];
  let linked: DocumentSummary[] = [];
  if (ids.length > LINK_LIMIT) errors['beitraege'] = `Bitte verlinken Sie höchstens ${LINK_LIMIT} Beiträge.`;
  else if (ids.length > 0) {
    linked = readableDocumentsByIds(viewer, ids);
    if (linked.length !== ids.length) errors['beitraege'] = UNKNOWN_LINK;
  }
  return { errors, linked };
}

function writeLinks(answerId: number, links: readonly number[]): void {
  const db = getDb();
  db.delete(answerLinks).where(eq(answerLinks.answerId, answerId)).run();
  for (const documentId of new Set(links)) db.insert(answerLinks).values({ answerId, documentId }).run();
}

/** Posts an answer to a question the viewer may read. Idempotent per form token; throttled per person. */
export function postAnswer(viewer: Viewer, question: QuestionRow, input: AnswerInput, token: string, at?: string): PostOutcome {
  if (!canReadQuestion(viewer, question)) throw new HttpError(404, 'Die Frage wurde nicht gefunden.');
  if (question.hiddenAt !== null) throw new HttpError(409, 'Die Frage ist ausgeblendet und kann nicht beantwortet werden.');
  const body = input.body.trim();
  const { errors } = checkAnswer(viewer, input);
  if (Object.keys(errors).length > 0) return { ok: false, status: 422, errors };
  const links = [...new Set(input.links)].sort((a, b) => a - b);
  const key = submitKey('antwort', question.id, viewer.id, token, `${body}\n${links.join(',')}`);
  const db = getDb();
  const outcome = db.transaction((): PostOutcome => {
    if (key) {
      const earlier = db.select({ id: answers.id }).from(answers).where(eq(answers.submitKey, key)).get();
      if (earlier) return { ok: true, id: earlier.id, duplicate: true };
    }
    if (!at && isPostingThrottled(viewer.id)) return { ok: false, status: 429, errors: { text: THROTTLE_MESSAGE } };
    const row = db
      .insert(answers)
      .values({ questionId: question.id, tenant: input.tenant, bodyMd: body, html: renderMarkdown(body), authorId: viewer.id, authorLabel: viewer.name, submitKey: key, ...(at ? { createdAt: at } : {}) })
      .returning({ id: answers.id })
      .get();
    writeLinks(row.id, links);
    emitExchangeEvent({ type: 'answer.posted', answerId: row.id, questionId: question.id, authorId: viewer.id });
    return { ok: true, id: row.id, duplicate: false };
  }, IMMEDIATE);
  if (outcome.ok && !outcome.duplicate) requestReindex('Antwort geschrieben');
  return outcome;
}

export function getAnswer(id: number): AnswerRow | undefined {
  return Number.isSafeInteger(id) && id > 0 ? getDb().select().from(answers).where(eq(answers.id, id)).get() : undefined;
}

/** The author changes text and links within 24 hours; the old text is kept. */
export function editAnswer(viewer: Viewer, answer: AnswerRow, input: { body: string; links: number[] }): { ok: true } | { ok: false; errors: FieldErrors } {
  if (!canEditOwn(viewer, answer)) throw new HttpError(403, 'Sie können nur Ihre eigenen Antworten und nur innerhalb von 24 Stunden bearbeiten.');
  const { errors } = checkAnswer(viewer, { tenant: answer.tenant, body: input.body, links: input.links });
  delete errors['kommune'];
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const body = input.body.trim();
  const db = getDb();
  db.transaction(() => {
    const current = getAnswer(answer.id)!;
    recordReplacedText('antwort', current.id, { bodyMd: current.bodyMd, html: current.html, writtenAt: current.editedAt ?? current.createdAt }, { id: viewer.id, label: viewer.name });
    db.update(answers).set({ bodyMd: body, html: renderMarkdown(body), editedAt: new Date().toISOString() }).where(eq(answers.id, current.id)).run();
    writeLinks(current.id, input.links);
  }, IMMEDIATE);
  requestReindex('Antwort bearbeitet');
  return { ok: true };
}

export interface AnswerView {
  answer: AnswerRow;
  /** Linked Beiträge the viewer may read (others are left out, without a hint). */
  links: DocumentSummary[];
}

/** The answers of a question the viewer may see, in the order they were written. */
export function listAnswers(viewer: Viewer | null, question: QuestionRow): AnswerView[] {
  if (!canReadQuestion(viewer, question)) return [];
  const db = getDb();
  const rows = db.select().from(answers).where(eq(answers.questionId, question.id)).orderBy(asc(answers.id)).all().filter((a) => canReadAnswer(viewer, question, a));
  if (rows.length === 0) return [];
  const linkRows = db.select().from(answerLinks).where(inArray(answerLinks.answerId, rows.map((a) => a.id))).all();
  const readable = new Map(readableDocumentsByIds(viewer, [...new Set(linkRows.map((l) => l.documentId))]).map((d) => [d.id, d]));
  return rows.map((answer) => ({
    answer,
    links: linkRows.filter((l) => l.answerId === answer.id).map((l) => readable.get(l.documentId)).filter((d): d is DocumentSummary => d !== undefined),
  }));
}

/** Ids of the Beiträge an answer links. */
export function linkedDocumentIds(answerId: number): number[] {
  return getDb().select({ id: answerLinks.documentId }).from(answerLinks).where(eq(answerLinks.answerId, answerId)).all().map((r) => r.id);
}

export interface Mention {
  questionId: number;
  title: string;
}

/**
 * "Erwähnt in Frage …": the questions the viewer may read whose visible answers link this
 * Beitrag. On the Beitrag page's path, so the query is prepared once.
 */
export function mentionsOf(viewer: Viewer | null, documentId: number): readonly Mention[] {
  if (!linkedDocuments().has(documentId)) return [];
  // Depends on the viewer through the audience part of the rule only (hidden questions are left out in SQL).
  return cachedRead(`mentions|${documentId}|${listAudienceKey(viewer)}`, () => readMentions(viewer, documentId));
}

/**
 * Ids of the Beiträge any answer links, read once per database change: most Beiträge are linked
 * by none, and a page read for the first time then asks nothing more.
 */
function linkedDocuments(): ReadonlySet<number> {
  return cachedRead('linked-documents', () => new Set(prepared('linked-documents', (d) => d.$client.prepare('SELECT DISTINCT document_id FROM answer_links').pluck()).all() as number[]));
}

function readMentions(viewer: Viewer | null, documentId: number): Mention[] {
  // Subqueries instead of joins, sorted here (compareKeys in db/client.ts says why). Hidden
  // questions are left out below: in SQL, SQLite would walk every visible question. A plain
  // better-sqlite3 statement: every Beitrag page asks, and for most the answer is "none".
  const rows = (
    prepared('mentions-of-document', (d) =>
      d.$client.prepare(
        `SELECT id, tenant, visibility, hidden_at AS hiddenAt, title FROM questions
         WHERE id IN (SELECT question_id FROM answers WHERE hidden_at IS NULL AND id IN (SELECT answer_id FROM answer_links WHERE document_id = ?))`,
      ),
    ).all(documentId) as { id: number; tenant: string; visibility: Visibility; hiddenAt: string | null; title: string }[]
  )
    .filter((q) => q.hiddenAt === null)
    .sort((a, b) => a.id - b.id);
  return rows.filter((q) => canReadQuestion(viewer, q)).map((q) => ({ questionId: q.id, title: q.title }));
}

/** Per Kommune: readable questions of a Themenfeld or tag it answered (visible answers only). */
export function answeringTenants(viewer: Viewer | null, by: { topic?: Topic; tag?: string }): Map<string, number> {
  const db = getDb();
  const parts = [questionListableWhere(viewer), isNull(answers.hiddenAt)];
  if (by.topic) parts.push(inArray(questions.id, db.select({ id: questionTopics.questionId }).from(questionTopics).where(eq(questionTopics.topic, by.topic))));
  if (by.tag) parts.push(inArray(questions.id, db.select({ id: questionTags.questionId }).from(questionTags).where(eq(questionTags.key, by.tag))));
  const rows = db
    .select({ tenant: answers.tenant, n: sql<number>`count(DISTINCT ${questions.id})` })
    .from(answers)
    .innerJoin(questions, eq(questions.id, answers.questionId))
    .where(and(...parts))
    .groupBy(answers.tenant)
    .all();
  return new Map(rows.map((r) => [r.tenant, r.n]));
}

/** For a Kommune page: readable questions it asked, and readable questions it answered. */
export function exchangeCountsFor(viewer: Viewer | null, tenant: string): { asked: number; answered: number } {
  const db = getDb();
  const asked = db.select({ n: sql<number>`count(*)` }).from(questions).where(and(questionListableWhere(viewer), eq(questions.tenant, tenant))).get()?.n ?? 0;
  const answered =
    db
      .select({ n: sql<number>`count(DISTINCT ${questions.id})` })
      .from(answers)
      .innerJoin(questions, eq(questions.id, answers.questionId))
      .where(and(questionListableWhere(viewer), isNull(answers.hiddenAt), eq(answers.tenant, tenant)))
      .get()?.n ?? 0;
  return { asked, answered };
}
