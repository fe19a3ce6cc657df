import { eq } from 'drizzle-orm';
import { IMMEDIATE, getDb } from '../db/client';
import { documents, revisions } from '../db/schema';
import type { Viewer } from '../auth/viewer';
import { writeAudit } from '../audit/log';
import { HttpError } from '../http/errors';
import type { Tenant } from '../tenants/schema';
import type { DocumentData } from './data';
import { canEditDocument, canReviewDocument, isOwnRevision } from './permissions';
import { getDocumentById, getRevisionByNumber, latestRevision } from './revisions';
import { appendRevision, insertDocument, mirrorRevision, renameSlug, type DocumentRow, type RevisionRow } from './store';
import { requestReindex } from '../search/scheduler';
import { notifyFileAdded, notifyPublished, notifyReturned, notifyReviewRequested, watchAsAuthor } from '../notifications/documents';
import { applyPendingFiles, fileContributors, pendingFileChanges } from '../files/approval';
import { releaseBlob } from '../files/artefacts';

/**
 * The workflow Entwurf → In Prüfung → Veröffentlicht → Archiviert. Status changes
 * happen only here; every action checks its permission and writes the audit log.
 */

export interface Actor {
  viewer: Viewer;
  ip: string;
}

export const COMMENT_LIMIT = 2000;

function audit(actor: Actor, action: string, doc: Pick<DocumentRow, 'tenant' | 'slug'>, revision: Pick<RevisionRow, 'number'>, detail = ''): void {
  writeAudit({
    action,
    actor: { id: actor.viewer.id, label: actor.viewer.email },
    tenant: doc.tenant,
    object: `${doc.tenant}/beitraege/${doc.slug} Fassung ${revision.number}`,
    ip: actor.ip,
    detail,
  });
}

/** Throws unless the actor may change this Beitrag now (role, not from content/, not archived). */
export function assertCanEdit(actor: Actor, doc: DocumentRow): void {
  if (!canEditDocument(actor.viewer, doc)) throw new HttpError(403, 'Nur Redakteurinnen und Redakteure dieser Kommune dürfen den Beitrag bearbeiten.');
  if (doc.source === 'content') throw new HttpError(403, 'Dieser Beitrag wird im Verzeichnis content/ gepflegt und kann im Web-Editor nicht bearbeitet werden.');
  if (doc.status === 'archiviert') throw new HttpError(409, 'Der Beitrag ist archiviert. Stellen Sie ihn wieder her, bevor Sie ihn bearbeiten.');
}

function assertCanReview(actor: Actor, doc: DocumentRow, revision: RevisionRow): void {
  if (!canReviewDocument(actor.viewer, doc)) throw new HttpError(403, 'Nur Admins dieser Kommune und des Kreises dürfen Beiträge prüfen.');
  if (isOwnRevision(actor.viewer, revision)) {
    throw new HttpError(403, 'Sie können keine Fassung prüfen, die Sie selbst geschrieben haben (Vier-Augen-Prinzip). Bitte bitten Sie eine andere Admin-Person.');
  }
  if (fileContributors(doc.id).has(actor.viewer.id)) {
    throw new HttpError(403, 'Sie haben Dateien dieser Fassung selbst hochgeladen oder entfernt und können sie deshalb nicht prüfen (Vier-Augen-Prinzip). Bitte bitten Sie eine andere Admin-Person.');
  }
}

/** The revision an action names must still be the newest; otherwise someone acted in between. */
function requireLatest(doc: DocumentRow, revisionId: number, status: RevisionRow['status']): RevisionRow {
  const latest = latestRevision(doc);
  if (latest.id !== revisionId || latest.status !== status) {
    throw new HttpError(409, 'Der Beitrag wurde inzwischen geändert. Bitte laden Sie die Seite neu und prüfen Sie den aktuellen Stand.');
  }
  return latest;
}

function reload(doc: DocumentRow): DocumentRow {
  return getDocumentById(doc.id)!;
}

/** Creates a Beitrag of the tenant as a first draft. */
export function createDocument(actor: Actor, tenant: Tenant, input: { data: DocumentData; body: string; note: string }): DocumentRow {
  if (!canEditDocument(actor.viewer, { tenant: tenant.slug })) throw new HttpError(403, 'Nur Redakteurinnen und Redakteure dieser Kommune dürfen Beiträge anlegen.');
  if (input.data.type === 'leitfaden' && !tenant.isKreis) throw new HttpError(400, 'Leitfäden veröffentlicht nur der Kreis Coesfeld.');
  return getDb().transaction(() => {
    const doc = insertDocument({
      tenant: tenant.slug,
      source: 'web',
      status: 'entwurf',
      createdBy: actor.viewer.id,
      revisions: [{ data: input.data, bodyMd: input.body, status: 'entwurf', authorId: actor.viewer.id, authorLabel: actor.viewer.name, note: input.note || 'Erste Fassung' }],
    });
    watchAsAuthor(actor.viewer.id, doc.id);
    audit(actor, 'document.create', doc, { number: 1 }, input.data.title);
    return doc;
  }, IMMEDIATE);
}

export type SaveResult = { ok: true; doc: DocumentRow; revision: RevisionRow } | { ok: false; conflict: RevisionRow };

/**
 * Saves an edit as a new revision (every revision is kept). Refused when the
 * Beitrag moved on since the editor opened it (baseRevisionId is not the newest).
 * On a published Beitrag the live revision stays until the new one is approved.
 */
export function saveRevision(actor: Actor, doc: DocumentRow, input: { data: DocumentData; body: string; note: string; baseRevisionId: number }): SaveResult {
  assertCanEdit(actor, doc);
  const db = getDb();
  return db.transaction(() => {
    const current = reload(doc);
    const latest = latestRevision(current);
    if (latest.id !== input.baseRevisionId) return { ok: false, conflict: latest } as const;
    // A superseded draft or review is not pending any more; a send-back keeps its status as a record.
    if (latest.id !== current.liveRevisionId && (latest.status === 'entwurf' || latest.status === 'in_pruefung')) {
      db.update(revisions).set({ status: 'abgeloest' }).where(eq(revisions.id, latest.id)).run();
    }
    const data = { ...input.data, type: current.type };
    const revision = appendRevision(current.id, {
      data,
      bodyMd: input.body,
      status: 'entwurf',
      authorId: actor.viewer.id,
      authorLabel: actor.viewer.name,
      note: input.note,
      baseRevisionId: input.baseRevisionId,
    });
    if (current.liveRevisionId === null) {
      // Never published: nobody links to it yet, so listing columns and slug follow the draft.
      mirrorRevision(current.id, data);
      renameSlug(current, data.title);
      db.update(documents).set({ status: 'entwurf' }).where(eq(documents.id, current.id)).run();
    }
    const saved = reload(current);
    watchAsAuthor(actor.viewer.id, current.id);
    audit(actor, 'document.revise', saved, revision, input.note);
    return { ok: true, doc: saved, revision } as const;
  }, IMMEDIATE);
}

/**
 * The revision a change of the files belongs to: files are part of the revision under review.
 * That is the open draft; when there is none (the newest revision is published, in review or
 * sent back), a new draft is made from the newest revision, and one in review is withdrawn from
 * it, as when the text is edited. Call inside the transaction that changes the files.
 */
export function draftForFileChange(actor: Actor, doc: Pick<DocumentRow, 'id'>, note: string): RevisionRow {
  const db = getDb();
  const current = getDocumentById(doc.id);
  if (!current) throw new HttpError(404, 'Diesen Beitrag gibt es nicht (mehr).');
  assertCanEdit(actor, current);
  const latest = latestRevision(current);
  if (latest.status === 'entwurf' && latest.id !== current.liveRevisionId) return latest;
  if (latest.status === 'in_pruefung' && latest.id !== current.liveRevisionId) {
    db.update(revisions).set({ status: 'abgeloest' }).where(eq(revisions.id, latest.id)).run();
  }
  const revision = appendRevision(current.id, {
    data: JSON.parse(latest.data) as DocumentData,
    bodyMd: latest.bodyMd,
    status: 'entwurf',
    authorId: actor.viewer.id,
    authorLabel: actor.viewer.name,
    note,
    baseRevisionId: latest.id,
  });
  if (current.liveRevisionId === null) db.update(documents).set({ status: 'entwurf' }).where(eq(documents.id, current.id)).run();
  audit(actor, 'document.revise', current, revision, note);
  return revision;
}

/**
 * Brings back an older revision as a new draft: its fields and text become the newest revision,
 * which is reviewed like any edit. Files are not part of it: they stay as they are now.
 */
export function restoreRevision(actor: Actor, doc: DocumentRow, number: number): RevisionRow {
  assertCanEdit(actor, doc);
  const source = getRevisionByNumber(doc.id, number);
  if (!source) throw new HttpError(404, 'Diese Fassung gibt es nicht.');
  const latest = latestRevision(doc);
  if (source.id === latest.id) throw new HttpError(409, `Fassung ${number} ist bereits die neueste Fassung.`);
  const result = saveRevision(actor, doc, {
    data: JSON.parse(source.data) as DocumentData,
    body: source.bodyMd,
    note: `Wiederhergestellt aus Fassung ${number}`,
    baseRevisionId: latest.id,
  });
  if (!result.ok) throw new HttpError(409, 'Der Beitrag wurde inzwischen geändert. Bitte laden Sie die Seite neu und versuchen Sie es erneut.');
  return result.revision;
}

/** Entwurf → In Prüfung. */
export function submitRevision(actor: Actor, doc: DocumentRow, revisionId: number): RevisionRow {
  assertCanEdit(actor, doc);
  const db = getDb();
  return db.transaction(() => {
    const current = reload(doc);
    const revision = requireLatest(current, revisionId, 'entwurf');
    db.update(revisions).set({ status: 'in_pruefung' }).where(eq(revisions.id, revision.id)).run();
    if (current.liveRevisionId === null) db.update(documents).set({ status: 'in_pruefung' }).where(eq(documents.id, current.id)).run();
    notifyReviewRequested(current, revision, actor.viewer.id);
    audit(actor, 'document.submit', current, revision);
    return { ...revision, status: 'in_pruefung' as const };
  }, IMMEDIATE);
}

/** In Prüfung → Veröffentlicht: the revision replaces the live one, which stays in the history. */
export function approveRevision(actor: Actor, doc: DocumentRow, revisionId: number, comment: string): DocumentRow {
  const db = getDb();
  let released: string[] = [];
  const published = db.transaction(() => {
    const current = reload(doc);
    const revision = requireLatest(current, revisionId, 'in_pruefung');
    assertCanReview(actor, current, revision);
    if (current.status === 'archiviert') throw new HttpError(409, 'Der Beitrag ist archiviert. Stellen Sie ihn wieder her, bevor Sie eine Fassung freigeben.');
    const now = new Date().toISOString();
    // Watchers hear of the files the revision brings, and of its text only when that changed.
    const added = current.liveRevisionId === null ? [] : pendingFileChanges(current.id).filter((c) => c.kind === 'neu' || c.kind === 'neue-version');
    const live = current.liveRevisionId === null ? undefined : db.select().from(revisions).where(eq(revisions.id, current.liveRevisionId)).get();
    const textChanged = !live || live.data !== revision.data || live.bodyMd !== revision.bodyMd || added.length === 0;
    // The files the revision carries go live with it; requested removals take effect now.
    released = applyPendingFiles(current.id, now);
    if (current.liveRevisionId !== null) {
      db.update(revisions).set({ status: 'abgeloest' }).where(eq(revisions.id, current.liveRevisionId)).run();
    }
    db.update(revisions)
      .set({ status: 'veroeffentlicht', reviewerId: actor.viewer.id, reviewedAt: now, reviewComment: comment.trim().slice(0, COMMENT_LIMIT) || null })
      .where(eq(revisions.id, revision.id))
      .run();
    const data = JSON.parse(revision.data) as DocumentData;
    mirrorRevision(current.id, data);
    // Only a new title moves the address; approving unchanged text (say, new files) keeps links working.
    if (current.liveRevisionId === null || data.title !== current.title) renameSlug(current, data.title);
    db.update(documents)
      .set({ liveRevisionId: revision.id, status: 'veroeffentlicht', publishedAt: current.publishedAt ?? now, updatedAt: now })
      .where(eq(documents.id, current.id))
      .run();
    const published = reload(current);
    notifyPublished(published, revision, data, current.liveRevisionId === null, actor.viewer.id, comment.trim().slice(0, COMMENT_LIMIT), textChanged);
    for (const c of added) notifyFileAdded(published, { title: c.title, version: c.version.version }, actor.viewer.id, [revision.authorId]);
    audit(actor, 'document.approve', published, revision, comment.trim());
    return published;
  }, IMMEDIATE);
  for (const sha256 of released) releaseBlob(sha256);
  // The new live revision, title or visibility must reach the search index within seconds, not at the next full build.
  requestReindex('Beitrag veröffentlicht');
  return published;
}

/** In Prüfung → back to the authors with a comment; the live revision (if any) stays. */
export function sendBackRevision(actor: Actor, doc: DocumentRow, revisionId: number, comment: string): RevisionRow {
  const text = comment.trim();
  if (!text) throw new HttpError(400, 'Bitte begründen Sie die Rückgabe in einem Kommentar.');
  const db = getDb();
  return db.transaction(() => {
    const current = reload(doc);
    const revision = requireLatest(current, revisionId, 'in_pruefung');
    assertCanReview(actor, current, revision);
    const now = new Date().toISOString();
    db.update(revisions)
      .set({ status: 'zurueckgegeben', reviewerId: actor.viewer.id, reviewedAt: now, reviewComment: text.slice(0, COMMENT_LIMIT) })
      .where(eq(revisions.id, revision.id))
      .run();
    if (current.liveRevisionId === null) db.update(documents).set({ status: 'entwurf' }).where(eq(documents.id, current.id)).run();
    notifyReturned(current, revision, actor.viewer.id, text.slice(0, COMMENT_LIMIT));
    audit(actor, 'document.send_back', current, revision, text);
    return { ...revision, status: 'zurueckgegeben' as const };
  }, IMMEDIATE);
}

function setArchived(actor: Actor, doc: DocumentRow, archived: boolean): DocumentRow {
  if (!canReviewDocument(actor.viewer, doc)) throw new HttpError(403, 'Nur Admins dieser Kommune und des Kreises dürfen Beiträge archivieren.');
  if (doc.source === 'content') throw new HttpError(403, 'Dieser Beitrag wird im Verzeichnis content/ gepflegt.');
  const from = archived ? 'veroeffentlicht' : 'archiviert';
  if (doc.status !== from) throw new HttpError(409, archived ? 'Nur veröffentlichte Beiträge können archiviert werden.' : 'Der Beitrag ist nicht archiviert.');
  const db = getDb();
  db.update(documents).set({ status: archived ? 'archiviert' : 'veroeffentlicht' }).where(eq(documents.id, doc.id)).run();
  const updated = reload(doc);
  audit(actor, archived ? 'document.archive' : 'document.restore', updated, latestRevision(updated));
  // Archived Beiträge leave the search index, restored ones come back.
  requestReindex(archived ? 'Beitrag archiviert' : 'Beitrag wiederhergestellt');
  return updated;
}

/** Veröffentlicht → Archiviert: gone from lists and feeds, still readable by direct link. */
export function archiveDocument(actor: Actor, doc: DocumentRow): DocumentRow {
  return setArchived(actor, doc, true);
}

/** Archiviert → Veröffentlicht. */
export function restoreDocument(actor: Actor, doc: DocumentRow): DocumentRow {
  return setArchived(actor, doc, false);
}
