// Domain events of the Austausch, for notifications (mail: "new answer to my question",
// "new comment on a Beitrag I watch"). Listeners run synchronously INSIDE the transaction
// that wrote the event's cause, so an outbox row they write commits or rolls back with it.
// A listener must not do I/O besides the database; it throws to abort the write.

export type ExchangeEvent =
  | { type: 'question.asked'; questionId: number; tenant: string; authorId: string }
  | { type: 'answer.posted'; answerId: number; questionId: number; authorId: string }
  | { type: 'answer.marked-helpful'; answerId: number; questionId: number; byId: string }
  | { type: 'comment.posted'; commentId: number; documentId: number; authorId: string }
  | { type: 'item.reported'; kind: 'frage' | 'antwort' | 'kommentar'; itemId: number; tenant: string; reportId: number };

type Listener = (event: ExchangeEvent) => void;

// On globalThis: the start script and the built Astro bundle each load their own copy of
// this module into one process, and both must reach the same listeners.
const slot = globalThis as typeof globalThis & { __wissensnetzExchangeListeners?: Set<Listener> };
const listeners = (slot.__wissensnetzExchangeListeners ??= new Set<Listener>());

/** Subscribes to every event; returns the function that unsubscribes. */
export function onExchangeEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Called by the exchange modules inside their write transaction. */
export function emitExchangeEvent(event: ExchangeEvent): void {
  for (const listener of listeners) listener(event);
}
