import { eq, inArray, isNull, and } from 'drizzle-orm';
import { getDb } from '../db/client';
import { answers, comments, documents, questions, questionTags, questionTopics } from '../db/schema';
import { commentIndexAudience, questionIndexAudience } from '../documents/visibility';
import { TOPIC_LABELS, type Topic } from '../documents/vocabulary';
import type { IndexEntry, SearchRecord } from '../search/records';
import { htmlToText } from '../search/text';
import { getTenant } from '../tenants/registry';
import { questionPath } from './items';

// Questions, answers and comments in the search indexes, beside the Beiträge: each goes
// into the index its visibility names (visibility.ts). Hidden items, answers of hidden
// questions and comments on Beiträge that are not published are not entries at all, so a
// hide, an archive or a visibility change withdraws them like an archived Beitrag.
// Keys: question:<id>, answer:<id>, comment:<id>.

const KIND_TYPES = { question: 'Frage', answer: 'Antwort', comment: 'Kommentar' } as const;

interface QuestionRowLite {
  id: number;
  tenant: string;
  visibility: 'oeffentlich' | 'intern' | 'kommune';
  createdAt: string;
  editedAt: string | null;
}

function questionStamp(q: QuestionRowLite): string {
  return `${q.editedAt ?? q.createdAt}|${q.visibility}|${q.tenant}`;
}

function liveQuestions(ids?: number[]) {
  const where = ids ? and(isNull(questions.hiddenAt), inArray(questions.id, ids)) : isNull(questions.hiddenAt);
  return getDb().select().from(questions).where(where).all();
}

/** Every exchange entry that belongs into an index now (cheap: no texts). */
export function listExchangeIndexEntries(): IndexEntry[] {
  const db = getDb();
  const qs = db.select({ id: questions.id, tenant: questions.tenant, visibility: questions.visibility, createdAt: questions.createdAt, editedAt: questions.editedAt }).from(questions).where(isNull(questions.hiddenAt)).all();
  const byId = new Map(qs.map((q) => [q.id, q]));
  const entries: IndexEntry[] = qs.map((q) => ({ key: `question:${q.id}`, audience: questionIndexAudience(q), fingerprint: questionStamp(q) }));
  for (const a of db.select({ id: answers.id, questionId: answers.questionId, createdAt: answers.createdAt, editedAt: answers.editedAt }).from(answers).where(isNull(answers.hiddenAt)).all()) {
    const q = byId.get(a.questionId);
    if (q) entries.push({ key: `answer:${a.id}`, audience: questionIndexAudience(q), fingerprint: `${a.editedAt ?? a.createdAt}|${questionStamp(q)}` });
  }
  const cs = db
    .select({ id: comments.id, createdAt: comments.createdAt, editedAt: comments.editedAt, tenant: documents.tenant, visibility: documents.visibility, slug: documents.slug, title: documents.title })
    .from(comments)
    .innerJoin(documents, eq(documents.id, comments.documentId))
    .where(and(isNull(comments.hiddenAt), eq(documents.status, 'veroeffentlicht')))
    .all();
  for (const c of cs) entries.push({ key: `comment:${c.id}`, audience: commentIndexAudience(c), fingerprint: `${c.editedAt ?? c.createdAt}|${c.visibility}|${c.tenant}/${c.slug}|${c.title}` });
  return entries;
}

function idsOf(keys: readonly string[] | null, prefix: string): number[] | undefined {
  return keys?.filter((k) => k.startsWith(prefix)).map((k) => Number(k.slice(prefix.length)));
}

function classification(questionIds: number[]): { topics: Map<number, Topic[]>; tags: Map<number, string[]> } {
  const db = getDb();
  const topics = new Map<number, Topic[]>();
  const tags = new Map<number, string[]>();
  for (let i = 0; i < questionIds.length; i += 500) {
    const chunk = questionIds.slice(i, i + 500);
    for (const t of db.select().from(questionTopics).where(inArray(questionTopics.questionId, chunk)).all()) topics.set(t.questionId, [...(topics.get(t.questionId) ?? []), t.topic as Topic]);
    for (const t of db.select().from(questionTags).where(inArray(questionTags.questionId, chunk)).all()) tags.set(t.questionId, [...(tags.get(t.questionId) ?? []), t.tag]);
  }
  return { topics, tags };
}

function record(key: string, audience: string, url: string, title: string, lead: string, text: string, kind: keyof typeof KIND_TYPES, tenant: string, topics: Topic[], at: string, tags: string[] = []): SearchRecord {
  const kommune = getTenant(tenant).shortName;
  const themen = topics.map((t) => TOPIC_LABELS[t]);
  const stand = at.slice(0, 10);
  return {
    key,
    audience,
    url,
    title,
    lead,
    tags,
    text,
    meta: { title, kommune, art: KIND_TYPES[kind], themen: themen.join(', '), stand },
    filters: { kommune: [kommune], themenfeld: themen, art: [KIND_TYPES[kind]], jahr: [stand.slice(0, 4)] },
    stand,
  };
}

/** Full records for the given keys (all current exchange entries when keys is omitted); other keys are ignored. */
export function loadExchangeRecords(keys?: ReadonlySet<string>): SearchRecord[] {
  const wanted = keys ? [...keys] : null;
  const db = getDb();
  const out: SearchRecord[] = [];
  const questionIds = idsOf(wanted, 'question:');
  const answerIds = idsOf(wanted, 'answer:');
  const commentIds = idsOf(wanted, 'comment:');

  // Answers need their question (title, visibility, classification) too.
  const answerRows = answerIds?.length === 0 ? [] : db.select().from(answers).where(answerIds ? and(isNull(answers.hiddenAt), inArray(answers.id, answerIds)) : isNull(answers.hiddenAt)).all();
  const neededQuestions = [...new Set([...(questionIds ?? []), ...answerRows.map((a) => a.questionId)])];
  const qs = questionIds === undefined ? liveQuestions() : neededQuestions.length ? liveQuestions(neededQuestions) : [];
  const byId = new Map(qs.map((q) => [q.id, q]));
  const { topics, tags } = classification(qs.map((q) => q.id));
  const wantQuestion = (id: number) => questionIds === undefined || questionIds.includes(id);

  for (const q of qs) {
    if (!wantQuestion(q.id)) continue;
    const qTags = tags.get(q.id) ?? [];
    const qTopics = topics.get(q.id) ?? [];
    // Kommune, Art and Themenfeld are filters, not ranked text (as for Beiträge); tags weigh like a Beitrag's.
    out.push(record(`question:${q.id}`, questionIndexAudience(q), questionPath(q.id), q.title, '', htmlToText(q.html), 'question', q.tenant, qTopics, q.createdAt, qTags));
  }
  for (const a of answerRows) {
    const q = byId.get(a.questionId);
    if (!q) continue;
    const title = `Antwort auf „${q.title}“`;
    out.push(record(`answer:${a.id}`, questionIndexAudience(q), `${questionPath(q.id)}#antwort-${a.id}`, title, '', htmlToText(a.html), 'answer', a.tenant, topics.get(q.id) ?? [], a.createdAt));
  }
  if (commentIds?.length !== 0) {
    const where = and(isNull(comments.hiddenAt), eq(documents.status, 'veroeffentlicht'), ...(commentIds ? [inArray(comments.id, commentIds)] : []));
    const rows = db.select({ c: comments, d: { tenant: documents.tenant, visibility: documents.visibility, slug: documents.slug, title: documents.title } }).from(comments).innerJoin(documents, eq(documents.id, comments.documentId)).where(where).all();
    for (const { c, d } of rows) {
      out.push(record(`comment:${c.id}`, commentIndexAudience(d), `/${d.tenant}/beitraege/${d.slug}#kommentar-${c.id}`, `Kommentar zu „${d.title}“`, '', htmlToText(c.html), 'comment', d.tenant, [], c.createdAt));
    }
  }
  return out;
}
