import { and, desc, eq, inArray, ne, notInArray, sql } from 'drizzle-orm';
import { getDb, prepared } from '../db/client';
import { documents, documentTags, documentTopics, relatedDocuments, relatedStamps, revisions } from '../db/schema';
import { parseRevision } from '../documents/store';
import { mirrorTags } from '../documents/tags';
import { TYPE_FIELDS } from '../documents/vocabulary';
import { htmlToText } from '../search/text';
import { documentFrequencies, indexedCount, indexText, matchText, removeText, termsOf } from './text-index';

// Related Beiträge of one Beitrag, computed when its live revision changes (refresh.ts),
// never while a page is rendered. Candidates come from the text index (BM25 over title,
// summary, body and tags) and from shared tags; their score adds shared tags and
// Themenfelder and prefers other Kommunen's work and Artefakte. Each Beitrag keeps its
// best KEEP candidates; the page filters them by the reader's visibility.

export const KEEP = 40;
const CANDIDATES = 80;
const QUERY_TERMS = 40;
/** Below this share of the Beitrag's match with itself, a candidate needs a shared tag to count as related. */
const MIN_TEXT = 0.2;
/** Tags on more than this share of the published Beiträge (and more than COMMON_TAG_MIN) are ignored. */
const COMMON_TAG_SHARE = 0.05;
const COMMON_TAG_MIN = 50;
/** Words in more than this share of the indexed Beiträge (and more than COMMON_WORD_MIN) are left out of the query. */
const COMMON_WORD_SHARE = 0.1;
const COMMON_WORD_MIN = 50;

/** Weights of the score parts (text similarity is 0..1, relative to the Beitrag's match with itself). */
const WEIGHT = { text: 1, sharedTag: 0.5, sharedTopic: 0.2, otherKommune: 0.3, artefakt: 0.2 } as const;

interface Profile {
  id: number;
  tenant: string;
  type: string;
  tagKeys: Set<string>;
  topics: Set<string>;
}

function profiles(ids: number[]): Map<number, Profile> {
  const db = getDb();
  const out = new Map<number, Profile>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    for (const d of db.select({ id: documents.id, tenant: documents.tenant, type: documents.type }).from(documents).where(and(inArray(documents.id, chunk), eq(documents.status, 'veroeffentlicht'))).all()) {
      out.set(d.id, { ...d, tagKeys: new Set(), topics: new Set() });
    }
    for (const t of db.select({ id: documentTags.documentId, key: documentTags.groupKey }).from(documentTags).where(inArray(documentTags.documentId, chunk)).all()) out.get(t.id)?.tagKeys.add(t.key);
    for (const t of db.select({ id: documentTopics.documentId, topic: documentTopics.topic }).from(documentTopics).where(inArray(documentTopics.documentId, chunk)).all()) out.get(t.id)?.topics.add(t.topic);
  }
  return out;
}

/** Score of showing `other` on the page of `doc`, given their text similarity. */
function score(doc: Profile, other: Profile, text: number): number {
  let shared = 0;
  for (const k of doc.tagKeys) if (other.tagKeys.has(k)) shared++;
  let topics = 0;
  for (const t of doc.topics) if (other.topics.has(t)) topics++;
  const value =
    WEIGHT.text * text +
    WEIGHT.sharedTag * Math.min(shared, 3) +
    WEIGHT.sharedTopic * Math.min(topics, 3) +
    (other.tenant !== doc.tenant ? WEIGHT.otherKommune : 0) +
    (other.type === 'artefakt' ? WEIGHT.artefakt : 0);
  return Math.round(value * 1000);
}

/** Keeps only the best KEEP rows of a Beitrag's list. */
function trim(documentId: number): void {
  const db = getDb();
  const n = db.select({ n: sql<number>`count(*)` }).from(relatedDocuments).where(eq(relatedDocuments.documentId, documentId)).get()?.n ?? 0;
  if (n <= KEEP) return;
  const keep = db.select({ id: relatedDocuments.relatedId }).from(relatedDocuments).where(eq(relatedDocuments.documentId, documentId)).orderBy(desc(relatedDocuments.score), relatedDocuments.relatedId).limit(KEEP);
  db.delete(relatedDocuments).where(and(eq(relatedDocuments.documentId, documentId), notInArray(relatedDocuments.relatedId, keep))).run();
}

/**
 * Writes a Beitrag's list, best first, into its related_stamps row (`ranked`), which the page
 * reads instead of the list's rows. Call after every change of the Beitrag's rows in
 * related_documents, inside the same write transaction.
 */
export function rankRelated(documentId: number): void {
  prepared('related-rank', (db) =>
    db.$client.prepare(
      `INSERT INTO related_stamps (document_id, ranked)
       VALUES (@id, (SELECT group_concat(related_id, ' ' ORDER BY score DESC, related_id DESC) FROM related_documents WHERE document_id = @id))
       ON CONFLICT (document_id) DO UPDATE SET ranked = excluded.ranked`,
    ),
  ).run({ id: documentId });
}

function loadLive(documentId: number) {
  const db = getDb();
  const doc = db.select().from(documents).where(eq(documents.id, documentId)).get();
  const live = doc?.liveRevisionId ? db.select().from(revisions).where(eq(revisions.id, doc.liveRevisionId)).get() : undefined;
  return doc && live && doc.status === 'veroeffentlicht' ? { doc, live, ...parseRevision(live) } : null;
}

/**
 * Puts a Beitrag's live text into the text index (and its tags into document_tags, for
 * installations from before tags had rows). A Beitrag that is not published leaves the
 * index and loses its list (lists pointing to it are filtered when read). Call inside a
 * write transaction.
 */
export function indexDocumentText(documentId: number): void {
  const db = getDb();
  const current = loadLive(documentId);
  if (!current) {
    removeText(documentId);
    db.delete(relatedDocuments).where(eq(relatedDocuments.documentId, documentId)).run();
    db.delete(relatedStamps).where(eq(relatedStamps.documentId, documentId)).run();
    return;
  }
  const { doc, live, data, html } = current;
  mirrorTags(doc.id, data.tags);
  const fields = TYPE_FIELDS[data.type].map((f) => (f.kind === 'markdown' ? htmlToText(html.fields[f.name] ?? '') : (data.fields[f.name] ?? ''))).join(' ');
  indexText(doc.id, { title: data.title, summary: data.summary, body: `${fields} ${htmlToText(html.body)}`, tags: data.tags.join(' ') });
  db.insert(relatedStamps)
    .values({ documentId: doc.id, textRevisionId: live.id })
    .onConflictDoUpdate({ target: relatedStamps.documentId, set: { textRevisionId: live.id } })
    .run();
}

/**
 * Recomputes a published Beitrag's related list from the text index and offers the Beitrag
 * to its candidates' lists. Call inside a write transaction, after indexDocumentText.
 */
export function computeRelated(documentId: number): void {
  const db = getDb();
  const current = loadLive(documentId);
  if (!current) return;
  const { doc, live, data, html } = current;
  const fields = TYPE_FIELDS[data.type].map((f) => (f.kind === 'markdown' ? htmlToText(html.fields[f.name] ?? '') : (data.fields[f.name] ?? ''))).join(' ');
  const body = `${fields} ${htmlToText(html.body)}`;

  // The query: words of title, tags and summary first, then the body's most frequent words.
  const counts = new Map<string, number>();
  for (const t of termsOf(body)) counts.set(t, (counts.get(t) ?? 0) + 1);
  const bodyTerms = [...counts].sort((a, b) => b[1] - a[1]).map(([t]) => t);
  // Words most Beiträge contain hardly move BM25 but make the query touch every Beitrag: left out.
  const candidatesTerms = [...new Set([...termsOf(data.title), ...termsOf(data.tags.join(' ')), ...termsOf(data.summary), ...bodyTerms])].slice(0, QUERY_TERMS * 3);
  const indexed = indexedCount();
  const frequency = documentFrequencies(candidatesTerms, indexed);
  const tooCommon = Math.max(COMMON_WORD_MIN, indexed * COMMON_WORD_SHARE);
  const terms = candidatesTerms.filter((t) => (frequency.get(t) ?? 0) <= tooCommon).slice(0, QUERY_TERMS);
  // Relative to the Beitrag's match with itself, so a Beitrag whose only match is weak gets none.
  const byText = matchText(terms, CANDIDATES + 1);
  const best = byText.find((m) => m.id === doc.id)?.score ?? byText[0]?.score ?? 0;
  const text = new Map(byText.filter((m) => m.id !== doc.id).map((m) => [m.id, best > 0 ? Math.min(1, m.score / best) : 0]));
  const self = profiles([doc.id]).get(doc.id)!;
  // A tag that most Beiträge carry says nothing about relatedness (like a common word in BM25).
  const published = db.select({ n: sql<number>`count(*)` }).from(documents).where(eq(documents.status, 'veroeffentlicht')).get()?.n ?? 0;
  const common = Math.max(COMMON_TAG_MIN, published * COMMON_TAG_SHARE);
  for (const key of [...self.tagKeys]) {
    const n = db.select({ n: sql<number>`count(*)` }).from(documentTags).where(eq(documentTags.groupKey, key)).get()?.n ?? 0;
    if (n > common) self.tagKeys.delete(key);
  }
  const byTag = self.tagKeys.size
    ? db
        .select({ id: documentTags.documentId })
        .from(documentTags)
        .where(and(inArray(documentTags.groupKey, [...self.tagKeys]), ne(documentTags.documentId, doc.id)))
        .groupBy(documentTags.documentId)
        .orderBy(desc(sql`count(*)`))
        .limit(CANDIDATES)
        .all()
        .map((r) => r.id)
    : [];
  const candidates = profiles([...new Set([...text.keys(), ...byTag])]);
  const shareTag = (c: Profile) => [...c.tagKeys].some((k) => self.tagKeys.has(k));
  const ranked = [...candidates.values()]
    .filter((c) => (text.get(c.id) ?? 0) >= MIN_TEXT || shareTag(c))
    .map((c) => ({ c, s: score(self, c, text.get(c.id) ?? 0) }))
    .sort((a, b) => b.s - a.s)
    .slice(0, KEEP);

  db.delete(relatedDocuments).where(eq(relatedDocuments.documentId, doc.id)).run();
  for (const { c, s } of ranked) {
    db.insert(relatedDocuments).values({ documentId: doc.id, relatedId: c.id, score: s }).run();
    // The other way round: this Beitrag competes for a place on the candidate's page at once.
    const back = score(c, self, text.get(c.id) ?? 0);
    db.insert(relatedDocuments)
      .values({ documentId: c.id, relatedId: doc.id, score: back })
      .onConflictDoUpdate({ target: [relatedDocuments.documentId, relatedDocuments.relatedId], set: { score: back } })
      .run();
    trim(c.id);
    rankRelated(c.id);
  }
  rankRelated(doc.id);
  db.update(relatedStamps).set({ listRevisionId: live.id, computedAt: new Date().toISOString() }).where(eq(relatedStamps.documentId, doc.id)).run();
}
