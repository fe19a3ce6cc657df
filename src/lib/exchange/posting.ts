import { createHash, randomUUID } from 'node:crypto';
import { and, count, eq, gt } from 'drizzle-orm';
import { getDb } from '../db/client';
import { answers, comments, questions } from '../db/schema';
import type { ExchangeKind } from './vocabulary';

// Posting guards shared by questions, answers and comments: a per-person rate limit and
// idempotent form submits.

/** At most this many questions, answers and comments together per person within THROTTLE_WINDOW_MS. */
export const THROTTLE_LIMIT = 10;
export const THROTTLE_WINDOW_MS = 10 * 60 * 1000;
export const THROTTLE_MESSAGE = 'Sie haben in den letzten Minuten sehr viel geschrieben. Bitte warten Sie einige Minuten und senden Sie Ihren Text dann erneut – er bleibt im Formular erhalten.';

/** Whether the person has reached the posting limit. */
export function isPostingThrottled(userId: string, now = Date.now()): boolean {
  const since = new Date(now - THROTTLE_WINDOW_MS).toISOString();
  const db = getDb();
  let n = 0;
  for (const table of [questions, answers, comments]) {
    n += db.select({ n: count() }).from(table).where(and(eq(table.authorId, userId), gt(table.createdAt, since))).get()?.n ?? 0;
  }
  return n >= THROTTLE_LIMIT;
}

/** A fresh token for a form; sent back with the submit, it makes a double submit find the first one. */
export function newFormToken(): string {
  // 122 random bits; randomUUID draws from a buffered pool (every signed-in page renders one).
  return randomUUID().replaceAll('-', '');
}

/**
 * The idempotency key of a submit: the same person sending the same text from the same form
 * (a double click, a reload that posts again) gets the same key. The text is part of it, so
 * two different texts from one form (a page served from the shared page cache) never collide.
 * Null without a well-formed token: then every submit counts.
 */
export function submitKey(kind: ExchangeKind, parentId: number | string, userId: string, token: string, text: string): string | null {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return null;
  return createHash('sha256').update(`${kind}\n${parentId}\n${userId}\n${token}\n${text}`).digest('hex');
}
