import { listMembers } from '../auth/users';
import type { DocumentData } from '../documents/data';
import { getKreis } from '../tenants/registry';
import { notifyPeople, recordEvent } from './events';
import { subjectOf } from './subjects';
import { watchByDefault } from './subscriptions';

// What the Beiträge area tells the notifications area. Each function is called inside the
// transaction of its cause (workflow.ts, files, reuse), so the event and its mails are
// committed with it or not at all.

interface Doc {
  id: number;
  tenant: string;
  status?: string;
}
interface Revision {
  id: number;
  number: number;
  authorId: string | null;
}

/** Authors watch what they write, unless they already chose otherwise for it. */
export function watchAsAuthor(userId: string | null, documentId: number): void {
  if (userId) watchByDefault(userId, subjectOf.beitrag(documentId));
}

/** Admins who may approve in this Kommune (never the author); Kreis admins when the Kommune has none. */
function reviewers(tenant: string, authorId: string | null): string[] {
  const admins = (slug: string) => listMembers(slug).filter((m) => m.role === 'admin' && !m.user.disabledAt && m.user.id !== authorId).map((m) => m.user.id);
  const own = admins(tenant);
  return own.length > 0 ? own : admins(getKreis().slug);
}

/** Submitted for review: a request to the admins who may approve it. */
export function notifyReviewRequested(doc: Doc, revision: Revision, actorId: string): void {
  notifyPeople({ kind: 'redaktion.pruefung', documentId: doc.id, actorId, data: { revisionId: revision.id }, purpose: 'redaktion', recipients: reviewers(doc.tenant, revision.authorId) });
}

/**
 * Approved: a notice to the author, and an event for watchers (and, the first time,
 * followers) unless `toWatchers` is false (a Fassung that only brings files: those are news
 * of their own).
 */
export function notifyPublished(doc: Doc, revision: Revision & { note: string }, data: DocumentData, firstTime: boolean, reviewerId: string, comment: string, toWatchers = true): void {
  const revisionNote = revision.note;
  if (revision.authorId && revision.authorId !== reviewerId) {
    notifyPeople({ kind: 'redaktion.veroeffentlicht', documentId: doc.id, actorId: reviewerId, data: { revisionId: revision.id, comment }, purpose: 'redaktion', recipients: [revision.authorId] });
  }
  if (!toWatchers) return;
  const subjects = firstTime
    ? [subjectOf.beitrag(doc.id), subjectOf.kommune(doc.tenant), ...data.topics.map(subjectOf.themenfeld), ...data.tags.map(subjectOf.schlagwort)]
    : [subjectOf.beitrag(doc.id)];
  // The author was told above; the reviewer knows. Neither hears of it again as a watcher.
  recordEvent({ kind: firstTime ? 'beitrag.veroeffentlicht' : 'beitrag.aktualisiert', documentId: doc.id, actorId: reviewerId, data: { revisionId: revision.id, note: revisionNote }, subjects, except: [revision.authorId] });
}

/** Sent back: a notice with the reviewer's comment to the author. */
export function notifyReturned(doc: Doc, revision: Revision, reviewerId: string, comment: string): void {
  if (!revision.authorId || revision.authorId === reviewerId) return;
  notifyPeople({ kind: 'redaktion.zurueckgegeben', documentId: doc.id, actorId: reviewerId, data: { revisionId: revision.id, comment }, purpose: 'redaktion', recipients: [revision.authorId] });
}

/** A file or a new file version approved on a published Beitrag: its watchers (not `except`, who brought it). */
export function notifyFileAdded(doc: Doc, file: { title: string; version: string }, actorId: string | null, except: (string | null)[] = []): void {
  if (doc.status !== 'veroeffentlicht') return;
  recordEvent({ kind: 'beitrag.datei', documentId: doc.id, actorId, data: file, subjects: [subjectOf.beitrag(doc.id)], except });
}

/** A Kommune records (or changes) its Nachnutzung of a Beitrag: its watchers. */
export function notifyReuse(doc: Doc, reuse: { tenant: string; status: string }, actorId: string | null): void {
  recordEvent({ kind: 'beitrag.nachnutzung', documentId: doc.id, actorId, data: reuse, subjects: [subjectOf.beitrag(doc.id)] });
}
