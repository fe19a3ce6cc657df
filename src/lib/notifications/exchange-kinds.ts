import { documentPath } from '../documents/route';
import { canReadAnswer, canReadComment, canReadDocument, canReadQuestion } from '../documents/visibility';
import { getAnswer } from '../exchange/answers';
import { getComment } from '../exchange/comments';
import { questionPath, resolveItem } from '../exchange/items';
import { getReport } from '../exchange/moderation';
import { getQuestion } from '../exchange/questions';
import { KIND_LABELS } from '../exchange/vocabulary';
import { findTenant, getTenant } from '../tenants/registry';
import type { EventKind, EventRow, LoadCache } from './kinds';

// The event kinds of the Austausch (questions, answers, comments, reports). Whether a person
// may be told is decided by documents/visibility.ts for that person when the mail is built or
// the inbox shown: a hidden item or one they may not read (a "nur Kommune" question for
// someone of another Kommune) is never named.

const data = (event: EventRow) => JSON.parse(event.data) as Record<string, unknown>;
const idOf = (event: EventRow, key: string) => Number(data(event)[key] ?? 0);
/** A short quote from the text in the mail; the whole text is on the page behind the link. */
const excerpt = (text: string) => (text.length > 400 ? `${text.slice(0, 400).trimEnd()} …` : text);

export const EXCHANGE_EVENT_KINDS: Record<string, EventKind> = {
  /** A question in a Kommune, Themenfeld or Schlagwort someone follows. */
  'austausch.frage': {
    describe(event, viewer) {
      const q = getQuestion(idOf(event, 'questionId'));
      if (!q || q.hiddenAt !== null || !canReadQuestion(viewer, q)) return null;
      const tenant = getTenant(q.tenant);
      return { title: q.title, path: questionPath(q.id), line: `Neue Frage von ${tenant.name} im Austausch.`, mailSubject: `Neue Frage im Austausch: „${q.title}“ (${tenant.shortName})`, quote: excerpt(q.bodyMd) };
    },
  },
  /** To the asker: an answer to their question. */
  'austausch.antwort': {
    describe(event, viewer) {
      const a = getAnswer(idOf(event, 'answerId'));
      const q = a && getQuestion(a.questionId);
      if (!a || !q || a.hiddenAt !== null || !canReadAnswer(viewer, q, a)) return null;
      const by = findTenant(a.tenant)?.name;
      return {
        title: q.title,
        path: `${questionPath(q.id)}#antwort-${a.id}`,
        line: `${a.authorLabel}${by ? ` (${by})` : ''} hat auf Ihre Frage geantwortet:`,
        mailSubject: `Neue Antwort auf Ihre Frage „${q.title}“`,
        quote: excerpt(a.bodyMd),
      };
    },
  },
  /** A comment on a Beitrag someone watches. */
  'beitrag.kommentar': {
    describe(event, viewer, cache: LoadCache) {
      const doc = cache.document(event.documentId);
      const c = getComment(idOf(event, 'commentId'));
      if (!doc || !c || doc.status !== 'veroeffentlicht' || c.hiddenAt !== null || !canReadDocument(viewer, doc) || !canReadComment(viewer, doc, c)) return null;
      return { title: doc.title, path: `${documentPath(doc)}#kommentar-${c.id}`, line: `${c.authorLabel} hat einen Kommentar geschrieben:`, mailSubject: `Neuer Kommentar zu „${doc.title}“`, quote: excerpt(c.bodyMd) };
    },
  },
  /** To the admins who moderate: while the report is open and they still moderate the item. */
  'austausch.meldung': {
    describe(event, viewer) {
      const report = getReport(idOf(event, 'reportId'));
      if (!report || report.resolvedAt !== null) return null;
      const item = resolveItem(report.kind, report.itemId);
      if (!item || !item.canModerate(viewer)) return null;
      return {
        title: 'Offene Meldungen',
        path: '/meldungen',
        line: `${KIND_LABELS[item.kind]} gemeldet (${item.context}). Grund:`,
        mailSubject: `Meldung im Austausch: ${KIND_LABELS[item.kind]} (${findTenant(report.tenant)?.shortName ?? report.tenant})`,
        quote: excerpt(report.reason),
      };
    },
  },
};
