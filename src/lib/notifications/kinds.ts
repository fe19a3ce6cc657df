import type { Viewer } from '../auth/viewer';
import { notificationEvents } from '../db/schema';
import type { DocumentData } from '../documents/data';
import { canReviewDocument, isOwnRevision } from '../documents/permissions';
import { getDocumentById, getRevisionById } from '../documents/revisions';
import { documentPath } from '../documents/route';
import type { DocumentRow, RevisionRow } from '../documents/store';
import { canReadDocument, canSeeEditorial } from '../documents/visibility';
import { TYPE_LABELS } from '../documents/vocabulary';
import { REUSE_STATUS_LABELS, type ReuseStatus } from '../reuse/vocabulary';
import { findTenant, getTenant } from '../tenants/registry';
import { EXCHANGE_EVENT_KINDS } from './exchange-kinds';

export type EventRow = typeof notificationEvents.$inferSelect;

/** What one recipient is told about an event: built when it is shown or sent, for that person. */
export interface Described {
  /** Title of the thing, e.g. the Beitrag. */
  title: string;
  /** Path on the hub (the caller adds the origin). */
  path: string;
  /** One German sentence: what happened. */
  line: string;
  /** Subject line of a mail about only this event. */
  mailSubject: string;
  /** A quoted text that belongs to the event (a reviewer's comment). */
  quote?: string;
}

/** Loads shared by the recipients of one event (a fan-out to thousands loads the Beitrag once). */
export class LoadCache {
  private docs = new Map<number, DocumentRow | null>();
  private revisions = new Map<number, RevisionRow | null>();
  document(id: number | null): DocumentRow | null {
    if (id === null) return null;
    if (!this.docs.has(id)) this.docs.set(id, getDocumentById(id) ?? null);
    return this.docs.get(id)!;
  }
  revision(id: unknown): RevisionRow | null {
    if (typeof id !== 'number') return null;
    if (!this.revisions.has(id)) this.revisions.set(id, getRevisionById(id) ?? null);
    return this.revisions.get(id)!;
  }
}

/**
 * One kind of event. describe() decides, for one recipient at this moment, whether they may
 * be told (visibility.ts and permissions.ts decide, never this file) and what: null means
 * "say nothing" — the Beitrag is not readable for them (any more) or the matter is settled.
 */
export interface EventKind {
  describe(event: EventRow, viewer: Viewer, cache: LoadCache): Described | null;
}

const data = (event: EventRow) => JSON.parse(event.data) as Record<string, unknown>;
const short = (slug: string) => findTenant(slug)?.shortName ?? slug;
const title = (revision: RevisionRow) => (JSON.parse(revision.data) as DocumentData).title;

/** A published Beitrag the viewer may read now: watchers and followers hear only of those. */
function readable(event: EventRow, viewer: Viewer, cache: LoadCache): DocumentRow | null {
  const doc = cache.document(event.documentId);
  return doc && doc.status === 'veroeffentlicht' && canReadDocument(viewer, doc) ? doc : null;
}

export const EVENT_KINDS: Record<string, EventKind> = {
  /** First publication: followers of its Themenfelder, Kommune and tags, and its watchers. */
  'beitrag.veroeffentlicht': {
    describe(event, viewer, cache) {
      const doc = readable(event, viewer, cache);
      if (!doc) return null;
      const tenant = getTenant(doc.tenant);
      return { title: doc.title, path: documentPath(doc), line: `${TYPE_LABELS[doc.type]} von ${tenant.name}: ${doc.summary}`, mailSubject: `Neu im Wissensnetz: „${doc.title}“ (${tenant.shortName})` };
    },
  },
  /** A new revision of a published Beitrag went live: its watchers. */
  'beitrag.aktualisiert': {
    describe(event, viewer, cache) {
      const doc = readable(event, viewer, cache);
      if (!doc) return null;
      const note = String(data(event)['note'] ?? '').trim();
      return { title: doc.title, path: documentPath(doc), line: `Eine neue Fassung ist veröffentlicht${note ? `: ${note}` : '.'}`, mailSubject: `Neue Fassung: „${doc.title}“` };
    },
  },
  'beitrag.datei': {
    describe(event, viewer, cache) {
      const doc = readable(event, viewer, cache);
      if (!doc) return null;
      const d = data(event);
      return { title: doc.title, path: documentPath(doc), line: `Neue Datei: ${String(d['title'] ?? '')} (Version ${String(d['version'] ?? '')})`, mailSubject: `Neue Datei in „${doc.title}“` };
    },
  },
  'beitrag.nachnutzung': {
    describe(event, viewer, cache) {
      const doc = readable(event, viewer, cache);
      if (!doc) return null;
      const d = data(event);
      const by = findTenant(String(d['tenant']))?.name ?? String(d['tenant']);
      const status = REUSE_STATUS_LABELS[d['status'] as ReuseStatus] ?? String(d['status']);
      return { title: doc.title, path: documentPath(doc), line: `Nachnutzung: ${by} – ${status}`, mailSubject: `Nachnutzung: ${short(String(d['tenant']))} – „${doc.title}“` };
    },
  },
  /** To the admins who may approve: only while the revision still waits for review. */
  'redaktion.pruefung': {
    describe(event, viewer, cache) {
      const doc = cache.document(event.documentId);
      const revision = cache.revision(data(event)['revisionId']);
      if (!doc || !revision || revision.status !== 'in_pruefung' || doc.latestRevisionId !== revision.id) return null;
      if (!canReviewDocument(viewer, doc) || isOwnRevision(viewer, revision)) return null;
      const t = title(revision);
      return { title: t, path: documentPath(doc, 'pruefung'), line: `${revision.authorLabel} hat Fassung ${revision.number} zur Prüfung eingereicht.`, mailSubject: `Bitte prüfen: „${t}“ (${short(doc.tenant)})` };
    },
  },
  /** To the author: their revision is live. */
  'redaktion.veroeffentlicht': {
    describe(event, viewer, cache) {
      const doc = cache.document(event.documentId);
      const revision = cache.revision(data(event)['revisionId']);
      if (!doc || !revision || !(canReadDocument(viewer, doc) || canSeeEditorial(viewer, doc))) return null;
      const t = title(revision);
      const comment = String(data(event)['comment'] ?? '').trim();
      return { title: t, path: documentPath(doc), line: `Ihre Fassung ${revision.number} wurde freigegeben und ist veröffentlicht.`, mailSubject: `Veröffentlicht: „${t}“`, ...(comment ? { quote: comment } : {}) };
    },
  },
  /** To the author: their revision came back with a comment. */
  'redaktion.zurueckgegeben': {
    describe(event, viewer, cache) {
      const doc = cache.document(event.documentId);
      const revision = cache.revision(data(event)['revisionId']);
      if (!doc || !revision || !canSeeEditorial(viewer, doc)) return null;
      const t = title(revision);
      return { title: t, path: documentPath(doc, 'bearbeiten'), line: `Ihre Fassung ${revision.number} wurde zur Überarbeitung zurückgegeben.`, mailSubject: `Zurückgegeben: „${t}“`, quote: String(data(event)['comment'] ?? '') };
    },
  },
  /** Questions, answers, comments and reports of the Austausch. */
  ...EXCHANGE_EVENT_KINDS,
};

/** What the viewer may be told about this event now; null for unknown kinds too. */
export function describeEvent(event: EventRow, viewer: Viewer, cache = new LoadCache()): Described | null {
  return EVENT_KINDS[event.kind]?.describe(event, viewer, cache) ?? null;
}
