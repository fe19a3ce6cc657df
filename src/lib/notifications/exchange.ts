import { listMembers } from '../auth/users';
import { onExchangeEvent, type ExchangeEvent } from '../exchange/events';
import { getReport } from '../exchange/moderation';
import { getQuestion, questionTagsOf, questionTopicsOf } from '../exchange/questions';
import { getKreis } from '../tenants/registry';
import { notifyPeople, recordEvent } from './events';
import { subjectOf } from './subjects';

// What the Austausch tells the notifications area. Its modules emit domain events inside the
// transaction of their write (exchange/events.ts); this listener turns them into events and
// mails here, so they commit with the write or not at all. What each person is told is
// decided per person later (exchange-kinds.ts).

/** Admins who moderate in this Kommune; Kreis admins when the Kommune has none. */
function moderators(tenant: string, except: string | null): string[] {
  const admins = (slug: string) => listMembers(slug).filter((m) => m.role === 'admin' && !m.user.disabledAt && m.user.id !== except).map((m) => m.user.id);
  const own = admins(tenant);
  return own.length > 0 ? own : admins(getKreis().slug);
}

export function notifyExchangeEvent(event: ExchangeEvent): void {
  switch (event.type) {
    case 'question.asked': {
      // Followers of the Kommune, the Themenfelder and the tags of the question.
      const subjects = [subjectOf.kommune(event.tenant), ...questionTopicsOf(event.questionId).map(subjectOf.themenfeld), ...questionTagsOf(event.questionId).map(subjectOf.schlagwort)];
      recordEvent({ kind: 'austausch.frage', actorId: event.authorId, data: { questionId: event.questionId }, subjects });
      return;
    }
    case 'answer.posted': {
      // The asker, whatever they follow; nobody is told of their own answer.
      const asker = getQuestion(event.questionId)?.authorId ?? null;
      if (!asker || asker === event.authorId) return;
      notifyPeople({ kind: 'austausch.antwort', actorId: event.authorId, data: { questionId: event.questionId, answerId: event.answerId }, purpose: 'austausch', recipients: [asker] });
      return;
    }
    case 'comment.posted':
      // The watchers of the Beitrag (its authors watch it by default); never the commenter.
      recordEvent({ kind: 'beitrag.kommentar', documentId: event.documentId, actorId: event.authorId, data: { commentId: event.commentId }, subjects: [subjectOf.beitrag(event.documentId)] });
      return;
    case 'item.reported': {
      const reporter = getReport(event.reportId)?.reporterId ?? null;
      notifyPeople({ kind: 'austausch.meldung', actorId: null, data: { reportId: event.reportId }, purpose: 'austausch', recipients: moderators(event.tenant, reporter) });
      return;
    }
    case 'answer.marked-helpful':
      // The answerer already sees it on the question; no mail for it.
      return;
  }
}

const KEY = Symbol.for('wissensnetz.notifications.exchange-listener');
const slot = globalThis as Record<symbol, unknown>;

/**
 * Connects the Austausch to notifications, once per process: called where the writes happen
 * (the app's middleware module, loaded with the server bundle) and by tests that write
 * directly. The start script and the bundle each carry their own copy of this module; the
 * symbol on globalThis keeps a second copy from registering a second listener (two mails).
 */
export function connectExchangeNotifications(): void {
  if (slot[KEY]) return;
  slot[KEY] = onExchangeEvent(notifyExchangeEvent);
}

/** For tests: disconnects again. */
export function disconnectExchangeNotifications(): void {
  const off = slot[KEY] as (() => void) | undefined;
  off?.();
  delete slot[KEY];
}
