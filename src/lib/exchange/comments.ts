import { eq, sql } from 'drizzle-orm';
import { IMMEDIATE, getDb, prepared } from '../db/client';
import { cachedRead } from '../db/read-cache';
import { comments } from '../db/schema';
import type { Viewer } from '../auth/viewer';
import { HttpError } from '../http/errors';
import { renderMarkdown } from '../markdown/render';
import { requestReindex } from '../search/scheduler';
import type { DocumentRow } from '../documents/store';
import { canReadComment, canReadComments } from '../documents/visibility';
import { emitExchangeEvent } from './events';
import { recordReplacedText } from './history';
import { canEditOwn, ownTenants } from './permissions';
import { isPostingThrottled, submitKey, THROTTLE_MESSAGE } from './posting';
import type { PostOutcome } from './questions';
import { checkText, TEXT_NAMES, EDIT_WINDOW_MS, LIMITS, type FieldErrors } from './vocabulary';

export type CommentRow = typeof comments.$inferSelect;

type CommentedDocument = Pick<DocumentRow, 'id' | 'tenant' | 'visibility' | 'status' | 'liveRevisionId'>;

const NONE: readonly CommentRow[] = Object.freeze([]);

/**
 * Ids of the Beiträge with at least one comment (hidden ones too), read once per database change:
 * most Beiträge have none, and a page read for the first time then asks nothing more.
 */
function commentedDocuments(): ReadonlySet<number> {
  return cachedRead('commented-documents', () => new Set(prepared('commented-documents', (d) => d.$client.prepare('SELECT DISTINCT document_id FROM comments').pluck()).all() as number[]));
}

/**
 * Every comment on a Beitrag, hidden ones included, oldest first: read once per database
 * change (db/read-cache.ts) — the Beitrag page asks on every request. Callers filter by viewer.
 */
function commentsOf(documentId: number): readonly CommentRow[] {
  if (!commentedDocuments().has(documentId)) return NONE;
  // Sorted here, not by SQL (compareKeys in db/client.ts says why).
  return cachedRead(`comments|${documentId}`, () =>
    prepared('comments-of-document', (d) => d.select().from(comments).where(eq(comments.documentId, sql.placeholder('id'))).prepare())
      .all({ id: documentId })
      .sort((a, b) => a.id - b.id),
  );
}

/** Comments on a Beitrag the viewer may see, oldest first; nothing for anonymous visitors. */
export function listComments(viewer: Viewer | null, doc: CommentedDocument): CommentRow[] {
  if (!canReadComments(viewer, doc)) return [];
  return commentsOf(doc.id).filter((c) => canReadComment(viewer, doc, c));
}

/** Whether the viewer wrote a comment on this Beitrag that they may still edit (then the page names them and is not shared). */
export function hasEditableComment(viewer: Viewer | null, documentId: number, now = Date.now()): boolean {
  if (!viewer) return false;
  const since = new Date(now - EDIT_WINDOW_MS).toISOString();
  return commentsOf(documentId).some((c) => c.authorId === viewer.id && c.createdAt > since);
}

export function checkComment(viewer: Viewer, input: { tenant: string; body: string }): FieldErrors {
  const errors: FieldErrors = {};
  if (!ownTenants(viewer).includes(input.tenant)) errors['kommune'] = 'Bitte wählen Sie die Kommune, für die Sie schreiben.';
  const textError = checkText(input.body, LIMITS.comment, TEXT_NAMES.comment);
  if (textError) errors['kommentar'] = textError;
  return errors;
}

/** Comments on a published Beitrag by signed-in staff who may read it. Idempotent per form token; throttled per person. */
export function postComment(viewer: Viewer, doc: CommentedDocument, input: { tenant: string; body: string }, token: string, at?: string): PostOutcome {
  if (!canReadComments(viewer, doc)) throw new HttpError(404, 'Der Beitrag wurde nicht gefunden.');
  if (doc.status !== 'veroeffentlicht') throw new HttpError(409, 'Archivierte Beiträge können nicht mehr kommentiert werden.');
  const errors = checkComment(viewer, input);
  if (Object.keys(errors).length > 0) return { ok: false, status: 422, errors };
  const body = input.body.trim();
  const key = submitKey('kommentar', doc.id, viewer.id, token, body);
  const db = getDb();
  const outcome = db.transaction((): PostOutcome => {
    if (key) {
      const earlier = db.select({ id: comments.id }).from(comments).where(eq(comments.submitKey, key)).get();
      if (earlier) return { ok: true, id: earlier.id, duplicate: true };
    }
    if (!at && isPostingThrottled(viewer.id)) return { ok: false, status: 429, errors: { kommentar: THROTTLE_MESSAGE } };
    const row = db
      .insert(comments)
      .values({ documentId: doc.id, tenant: input.tenant, bodyMd: body, html: renderMarkdown(body), authorId: viewer.id, authorLabel: viewer.name, submitKey: key, ...(at ? { createdAt: at } : {}) })
      .returning({ id: comments.id })
      .get();
    emitExchangeEvent({ type: 'comment.posted', commentId: row.id, documentId: doc.id, authorId: viewer.id });
    return { ok: true, id: row.id, duplicate: false };
  }, IMMEDIATE);
  if (outcome.ok && !outcome.duplicate) requestReindex('Kommentar geschrieben');
  return outcome;
}

export function getComment(id: number): CommentRow | undefined {
  return Number.isSafeInteger(id) && id > 0 ? getDb().select().from(comments).where(eq(comments.id, id)).get() : undefined;
}

/** The author changes the text within 24 hours; the old text is kept. */
export function editComment(viewer: Viewer, comment: CommentRow, body: string): { ok: true } | { ok: false; errors: FieldErrors } {
  if (!canEditOwn(viewer, comment)) throw new HttpError(403, 'Sie können nur Ihre eigenen Kommentare und nur innerhalb von 24 Stunden bearbeiten.');
  const error = checkText(body, LIMITS.comment, TEXT_NAMES.comment);
  if (error) return { ok: false, errors: { kommentar: error } };
  const text = body.trim();
  const db = getDb();
  db.transaction(() => {
    const current = getComment(comment.id)!;
    recordReplacedText('kommentar', current.id, { bodyMd: current.bodyMd, html: current.html, writtenAt: current.editedAt ?? current.createdAt }, { id: viewer.id, label: viewer.name });
    db.update(comments).set({ bodyMd: text, html: renderMarkdown(text), editedAt: new Date().toISOString() }).where(eq(comments.id, current.id)).run();
  }, IMMEDIATE);
  requestReindex('Kommentar bearbeitet');
  return { ok: true };
}
