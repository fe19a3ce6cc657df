import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { IMMEDIATE, compareKeys, getDb, prepared } from '../db/client';
import { cachedRead } from '../db/read-cache';
import { documents, documentTags, documentTopics, reuses } from '../db/schema';
import { writeAudit } from '../audit/log';
import { isStaff, type Viewer } from '../auth/viewer';
import { canReadDocument, listableWhere } from '../documents/visibility';
import type { ReuseStatus } from './vocabulary';
import { notifyReuse } from '../notifications/documents';
import type { Topic } from '../documents/vocabulary';

export type ReuseRow = typeof reuses.$inferSelect;

export interface Actor {
  id: string | null;
  label: string;
  ip?: string;
}

interface DocRef {
  id: number;
  tenant: string;
  slug: string;
}

/** Records (or changes) what a Kommune does with a Beitrag; audited in the same transaction. */
export function recordReuse(
  doc: DocRef,
  input: { tenant: string; status: ReuseStatus; note: string; contact: string },
  actor: Actor,
  at?: string,
): ReuseRow {
  if (input.tenant === doc.tenant) throw new Error('a Kommune cannot record reuse of its own Beitrag');
  const db = getDb();
  return db.transaction(() => {
    const before = db.select().from(reuses).where(and(eq(reuses.documentId, doc.id), eq(reuses.tenant, input.tenant))).get();
    const stamp = at ?? new Date().toISOString();
    const row = db
      .insert(reuses)
      .values({ documentId: doc.id, tenant: input.tenant, status: input.status, note: input.note, contact: input.contact, createdBy: actor.id, createdAt: stamp, updatedAt: stamp })
      .onConflictDoUpdate({
        target: [reuses.documentId, reuses.tenant],
        set: { status: input.status, note: input.note, contact: input.contact, updatedAt: stamp },
      })
      .returning()
      .get();
    writeAudit({
      action: before ? 'reuse.change' : 'reuse.record',
      actor,
      tenant: input.tenant,
      object: `${doc.tenant}/${doc.slug}`,
      ip: actor.ip ?? '',
      detail: before ? `${before.status} → ${input.status}` : input.status,
    });
    if (!before || before.status !== input.status) notifyReuse(doc, { tenant: input.tenant, status: input.status }, actor.id);
    return row;
  }, IMMEDIATE);
}

/** Withdraws a Kommune's record; returns whether there was one. */
export function withdrawReuse(doc: DocRef, tenant: string, actor: Actor): boolean {
  const db = getDb();
  return db.transaction(() => {
    const before = db.select().from(reuses).where(and(eq(reuses.documentId, doc.id), eq(reuses.tenant, tenant))).get();
    if (!before) return false;
    db.delete(reuses).where(eq(reuses.id, before.id)).run();
    writeAudit({ action: 'reuse.withdraw', actor, tenant, object: `${doc.tenant}/${doc.slug}`, ip: actor.ip ?? '', detail: before.status });
    return true;
  }, IMMEDIATE);
}

export function findReuse(documentId: number, tenant: string): ReuseRow | undefined {
  return getDb().select().from(reuses).where(and(eq(reuses.documentId, documentId), eq(reuses.tenant, tenant))).get();
}

/** Who reuses this Beitrag; empty when the viewer may not read it. */
export function listReusesOf(
  viewer: Viewer | null,
  doc: Parameters<typeof canReadDocument>[1] & { id: number },
): ReuseRow[] {
  if (!canReadDocument(viewer, doc)) return [];
  // Read once per database change (db/read-cache.ts): the Beitrag page asks on every request.
  // Sorted here, not by SQL (compareKeys in db/client.ts says why).
  return cachedRead(`reuses|${doc.id}`, () =>
    prepared('reuses-of-document', (d) => d.select().from(reuses).where(eq(reuses.documentId, sql.placeholder('id'))).prepare())
      .all({ id: doc.id })
      .sort((a, b) => compareKeys([a.tenant], [b.tenant])),
  );
}

export interface ReuseWithDocument {
  reuse: ReuseRow;
  document: { id: number; tenant: string; slug: string; title: string; type: (typeof documents.$inferSelect)['type'] };
}

const DOC_COLUMNS = { id: documents.id, tenant: documents.tenant, slug: documents.slug, title: documents.title, type: documents.type };

/** Every record on Beiträge the viewer may read (published ones only). */
export function listVisibleReuses(viewer: Viewer | null): ReuseWithDocument[] {
  return getDb()
    .select({ reuse: reuses, document: DOC_COLUMNS })
    .from(reuses)
    .innerJoin(documents, eq(documents.id, reuses.documentId))
    .where(listableWhere(viewer))
    .orderBy(asc(documents.title), asc(reuses.tenant))
    .all();
}

/** For a Kommune page: what it reuses, and what others reuse from it. */
export function reusesForTenant(viewer: Viewer | null, tenant: string): { reusing: ReuseWithDocument[]; reusedByOthers: ReuseWithDocument[] } {
  const all = listVisibleReuses(viewer);
  return {
    reusing: all.filter((r) => r.reuse.tenant === tenant),
    reusedByOthers: all.filter((r) => r.document.tenant === tenant),
  };
}

/**
 * Per Kommune: readable Beiträge of a Themenfeld or tag it has adopted ("übernommen"), with
 * the contacts it gave (for "Wer kann helfen?"; contacts only for signed-in staff, as everywhere).
 */
export function adoptersOf(viewer: Viewer | null, by: { topic?: Topic; tag?: string }): Map<string, { count: number; contacts: string[] }> {
  const db = getDb();
  const parts = [listableWhere(viewer), eq(reuses.status, 'uebernommen')];
  if (by.topic) parts.push(inArray(documents.id, db.select({ id: documentTopics.documentId }).from(documentTopics).where(eq(documentTopics.topic, by.topic))));
  if (by.tag) parts.push(inArray(documents.id, db.select({ id: documentTags.documentId }).from(documentTags).where(eq(documentTags.groupKey, by.tag))));
  const rows = db.select({ tenant: reuses.tenant, contact: reuses.contact }).from(reuses).innerJoin(documents, eq(documents.id, reuses.documentId)).where(and(...parts)).all();
  const out = new Map<string, { count: number; contacts: string[] }>();
  for (const r of rows) {
    const entry = out.get(r.tenant) ?? { count: 0, contacts: [] };
    entry.count++;
    if (isStaff(viewer) && r.contact && !entry.contacts.includes(r.contact) && entry.contacts.length < 3) entry.contacts.push(r.contact);
    out.set(r.tenant, entry);
  }
  return out;
}
