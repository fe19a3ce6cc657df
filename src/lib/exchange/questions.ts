import { and, count, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { IMMEDIATE, getDb } from '../db/client';
import { answers, questions, questionTags, questionTopics } from '../db/schema';
import type { Viewer } from '../auth/viewer';
import { writeAudit } from '../audit/log';
import { cachedRead } from '../db/read-cache';
import { HttpError } from '../http/errors';
import { renderMarkdown } from '../markdown/render';
import { requestReindex } from '../search/scheduler';
import { cleanTag, tagKey } from '../tags/normalise';
import type { Topic, Visibility } from '../documents/vocabulary';
import { canReadQuestion, listAudienceKey, questionListableWhere } from '../documents/visibility';
import { emitExchangeEvent } from './events';
import { recordReplacedText } from './history';
import { canEditOwn, canSetQuestionVisibility, ownTenants } from './permissions';
import { isPostingThrottled, submitKey, THROTTLE_MESSAGE } from './posting';
import type { FieldErrors, QuestionInput } from './vocabulary';

export type QuestionRow = typeof questions.$inferSelect;

export type PostOutcome = { ok: true; id: number; duplicate: boolean } | { ok: false; status: 422 | 429; errors: FieldErrors };

export interface QuestionSummary {
  id: number;
  tenant: string;
  visibility: Visibility;
  title: string;
  authorLabel: string;
  createdAt: string;
  answeredAt: string | null;
  answers: number;
  topics: Topic[];
  tags: string[];
}

function writeTopicsAndTags(questionId: number, topics: readonly Topic[], tags: readonly string[]): void {
  const db = getDb();
  db.delete(questionTopics).where(eq(questionTopics.questionId, questionId)).run();
  db.delete(questionTags).where(eq(questionTags.questionId, questionId)).run();
  for (const topic of new Set(topics)) db.insert(questionTopics).values({ questionId, topic }).run();
  for (const tag of new Set(tags.map(cleanTag))) {
    const key = tagKey(tag);
    if (key) db.insert(questionTags).values({ questionId, tag, key }).run();
  }
}

/** Asks a question for one of the viewer's Kommunen. Idempotent per form token; throttled per person. */
export function askQuestion(viewer: Viewer, input: QuestionInput, token: string, at?: string): PostOutcome {
  if (!ownTenants(viewer).includes(input.tenant)) throw new HttpError(403, 'Sie können nur für eine Kommune fragen, der Sie angehören.');
  if (input.visibility === 'oeffentlich') throw new HttpError(403, 'Öffentlich machen kann eine Frage nur ein Admin der Kommune.');
  const key = submitKey('frage', input.tenant, viewer.id, token, `${input.title}\n${input.body}`);
  const db = getDb();
  const outcome = db.transaction((): PostOutcome => {
    if (key) {
      const earlier = db.select({ id: questions.id }).from(questions).where(eq(questions.submitKey, key)).get();
      if (earlier) return { ok: true, id: earlier.id, duplicate: true };
    }
    if (!at && isPostingThrottled(viewer.id)) return { ok: false, status: 429, errors: { text: THROTTLE_MESSAGE } };
    const row = db
      .insert(questions)
      .values({
        tenant: input.tenant,
        visibility: input.visibility,
        title: input.title,
        bodyMd: input.body,
        html: renderMarkdown(input.body),
        authorId: viewer.id,
        authorLabel: viewer.name,
        submitKey: key,
        ...(at ? { createdAt: at } : {}),
      })
      .returning({ id: questions.id })
      .get();
    writeTopicsAndTags(row.id, input.topics, input.tags);
    emitExchangeEvent({ type: 'question.asked', questionId: row.id, tenant: input.tenant, authorId: viewer.id });
    return { ok: true, id: row.id, duplicate: false };
  }, IMMEDIATE);
  if (outcome.ok && !outcome.duplicate) requestReindex('Frage gestellt');
  return outcome;
}

export function getQuestion(id: number): QuestionRow | undefined {
  return getDb().select().from(questions).where(eq(questions.id, id)).get();
}

/** The question when the viewer may read it, else undefined (callers answer 404: no hint that it exists). */
export function findReadableQuestion(viewer: Viewer | null, id: number): QuestionRow | undefined {
  const q = Number.isSafeInteger(id) && id > 0 ? getQuestion(id) : undefined;
  return q && canReadQuestion(viewer, q) ? q : undefined;
}

export function questionTopicsOf(id: number): Topic[] {
  return getDb().select({ topic: questionTopics.topic }).from(questionTopics).where(eq(questionTopics.questionId, id)).all().map((r) => r.topic as Topic);
}

export function questionTagsOf(id: number): string[] {
  return getDb().select({ tag: questionTags.tag }).from(questionTags).where(eq(questionTags.questionId, id)).all().map((r) => r.tag);
}

/** The author changes title, text, Themenfelder, tags and intern/nur Kommune within 24 hours; the old text is kept. */
export function editQuestion(viewer: Viewer, question: QuestionRow, input: Omit<QuestionInput, 'tenant'>): void {
  if (!canEditOwn(viewer, question)) throw new HttpError(403, 'Sie können nur Ihre eigenen Fragen und nur innerhalb von 24 Stunden bearbeiten.');
  // Öffentlich stays an admin's decision: the author may keep it, not choose it.
  if (input.visibility === 'oeffentlich' && question.visibility !== 'oeffentlich') throw new HttpError(403, 'Öffentlich machen kann eine Frage nur ein Admin der Kommune.');
  const visibility = input.visibility;
  const db = getDb();
  db.transaction(() => {
    const current = getQuestion(question.id)!;
    recordReplacedText('frage', current.id, { title: current.title, bodyMd: current.bodyMd, html: current.html, writtenAt: current.editedAt ?? current.createdAt }, { id: viewer.id, label: viewer.name });
    db.update(questions)
      .set({ title: input.title, bodyMd: input.body, html: renderMarkdown(input.body), visibility, editedAt: new Date().toISOString() })
      .where(eq(questions.id, current.id))
      .run();
    writeTopicsAndTags(current.id, input.topics, input.tags);
  }, IMMEDIATE);
  requestReindex('Frage bearbeitet');
}

/** An admin of the Kommune sets who may read the question (öffentlich only this way); audited. */
export function setQuestionVisibility(viewer: Viewer, question: QuestionRow, visibility: Visibility, ip: string): void {
  if (!canSetQuestionVisibility(viewer, question)) throw new HttpError(403, 'Die Sichtbarkeit einer Frage ändern nur Admins ihrer Kommune.');
  if (visibility === question.visibility) return;
  const db = getDb();
  db.transaction(() => {
    db.update(questions).set({ visibility }).where(eq(questions.id, question.id)).run();
    writeAudit({ action: 'question.visibility', actor: { id: viewer.id, label: viewer.email }, tenant: question.tenant, object: `fragen/${question.id}`, ip, detail: `${question.visibility} → ${visibility}` });
  }, IMMEDIATE);
  requestReindex('Sichtbarkeit einer Frage geändert');
}

/** Marks one answer as the helpful one (null: none); the question then counts as answered. */
export function setHelpfulAnswer(viewer: Viewer, question: QuestionRow, answerId: number | null): void {
  const db = getDb();
  db.transaction(() => {
    if (answerId !== null) {
      const answer = db.select().from(answers).where(and(eq(answers.id, answerId), eq(answers.questionId, question.id))).get();
      if (!answer || answer.hiddenAt !== null) throw new HttpError(404, 'Diese Antwort gibt es nicht (mehr).');
    }
    db.update(questions)
      .set({ helpfulAnswerId: answerId, answeredAt: answerId === null ? null : new Date().toISOString() })
      .where(eq(questions.id, question.id))
      .run();
    if (answerId !== null) emitExchangeEvent({ type: 'answer.marked-helpful', answerId, questionId: question.id, byId: viewer.id });
  }, IMMEDIATE);
}

export interface QuestionFilter {
  status?: 'offen' | 'beantwortet';
  topic?: Topic;
  tenant?: string;
  /** A tag's grouping key. */
  tag?: string;
  page?: number;
  pageSize?: number;
}

export type QuestionPage = { items: QuestionSummary[]; total: number; page: number; pages: number };

function questionWhere(viewer: Viewer | null, f: QuestionFilter): SQL {
  const db = getDb();
  const parts: SQL[] = [questionListableWhere(viewer)];
  if (f.status === 'offen') parts.push(isNull(questions.helpfulAnswerId));
  if (f.status === 'beantwortet') parts.push(isNotNull(questions.helpfulAnswerId));
  if (f.tenant) parts.push(eq(questions.tenant, f.tenant));
  if (f.topic) parts.push(inArray(questions.id, db.select({ id: questionTopics.questionId }).from(questionTopics).where(eq(questionTopics.topic, f.topic))));
  if (f.tag) parts.push(inArray(questions.id, db.select({ id: questionTags.questionId }).from(questionTags).where(eq(questionTags.key, f.tag))));
  return and(...parts)!;
}

/** One page of the questions the viewer may read, newest first (cached per audience until the next write). */
export function listQuestions(viewer: Viewer | null, f: QuestionFilter = {}): QuestionPage {
  const key = `questions|${listAudienceKey(viewer)}|${f.status ?? ''}|${f.topic ?? ''}|${f.tenant ?? ''}|${f.tag ?? ''}|${f.page ?? 1}|${f.pageSize ?? 20}`;
  return cachedRead(key, () => readQuestionPage(viewer, f));
}

function readQuestionPage(viewer: Viewer | null, f: QuestionFilter): QuestionPage {
  const db = getDb();
  const pageSize = f.pageSize ?? 20;
  const where = questionWhere(viewer, f);
  const total = db.select({ n: count() }).from(questions).where(where).get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, f.page ?? 1), pages);
  const rows = db
    .select({
      id: questions.id,
      tenant: questions.tenant,
      visibility: questions.visibility,
      title: questions.title,
      authorLabel: questions.authorLabel,
      createdAt: questions.createdAt,
      answeredAt: questions.answeredAt,
      answers: sql<number>`(SELECT count(*) FROM ${answers} WHERE ${answers.questionId} = ${questions.id} AND ${answers.hiddenAt} IS NULL)`,
    })
    .from(questions)
    .where(where)
    .orderBy(desc(questions.createdAt), desc(questions.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  return { items: attachClassification(rows), total, page, pages };
}

function attachClassification(rows: Omit<QuestionSummary, 'topics' | 'tags'>[]): QuestionSummary[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const db = getDb();
  const topics = db.select().from(questionTopics).where(inArray(questionTopics.questionId, ids)).all();
  const tags = db.select().from(questionTags).where(inArray(questionTags.questionId, ids)).all();
  return rows.map((r) => ({
    ...r,
    topics: topics.filter((t) => t.questionId === r.id).map((t) => t.topic as Topic),
    tags: tags.filter((t) => t.questionId === r.id).map((t) => t.tag),
  }));
}

/** Readable questions per tag as typed (cached per audience until the next write). */
export function countQuestionTags(viewer: Viewer | null): readonly { tag: string; count: number }[] {
  return cachedRead(`question-tags|${listAudienceKey(viewer)}`, () =>
    getDb()
      .select({ tag: questionTags.tag, count: count() })
      .from(questionTags)
      .innerJoin(questions, eq(questions.id, questionTags.questionId))
      .where(questionListableWhere(viewer))
      .groupBy(questionTags.tag)
      .all(),
  );
}
