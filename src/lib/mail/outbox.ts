import { randomBytes } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import { getConfig } from '../config';
import { getDb, IMMEDIATE, prepared, withoutFsync } from '../db/client';
import { mailOutbox, MAIL_STATUSES } from '../db/schema';

export type OutboxRow = typeof mailOutbox.$inferSelect;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/** After this many failed attempts (about two days with the default back-off) a mail is given up. */
export const MAX_ATTEMPTS = 12;
/** A claimed row whose sender has not reported back after this long is free again. */
const LEASE_MS = 10 * 60 * 1000;

const slot = globalThis as typeof globalThis & { __wissensnetzMailWake?: () => void };

/** Wakes the background sender of this process (if one runs) after the current transaction. */
export function wakeSender(): void {
  const wake = slot.__wissensnetzMailWake;
  if (wake) setImmediate(wake);
}

/** Registers the sender's wake-up; shared through globalThis by the start script and the app bundle. */
export function onWake(fn: (() => void) | undefined): void {
  slot.__wissensnetzMailWake = fn;
}

function stamp(at: number): string {
  return new Date(at).toISOString().replace(/\D/g, '').slice(0, 17);
}

/** A Message-ID that sorts by the time it was queued and is unique without knowing the row id. */
export function newMessageId(at = Date.now()): string {
  return `<${stamp(at)}.${randomBytes(9).toString('base64url')}@${messageIdHost()}>`;
}

let hostFor: { origin: string; host: string } | null = null;
function messageIdHost(): string {
  const origin = getConfig().origin;
  if (hostFor?.origin !== origin) hostFor = { origin, host: new URL(origin).hostname };
  return hostFor.host;
}

export interface NewMail {
  kind: string;
  address: string;
  userId?: string | null;
  payload?: Record<string, unknown>;
  /** Not before (epoch ms); default now. */
  notBefore?: number;
}

/**
 * Puts one mail into the outbox. Call it inside the transaction of the event that causes the
 * mail, so both are committed together or not at all; the sender picks it up afterwards.
 */
export function queueMail(mail: NewMail, now = Date.now()): OutboxRow {
  // Prepared once: a fan-out queues thousands of these in a row.
  const insert = prepared('queue-mail', (d) =>
    d
      .insert(mailOutbox)
      .values({
        messageId: sql.placeholder('messageId'),
        kind: sql.placeholder('kind'),
        userId: sql.placeholder('userId'),
        address: sql.placeholder('address'),
        payload: sql.placeholder('payload'),
        nextAttemptAt: sql.placeholder('nextAttemptAt'),
        createdAt: sql.placeholder('createdAt'),
      })
      .returning()
      .prepare(),
  );
  const row = insert.get({
    messageId: newMessageId(now),
    kind: mail.kind,
    userId: mail.userId ?? null,
    address: mail.address,
    payload: JSON.stringify(mail.payload ?? {}),
    nextAttemptAt: mail.notBefore ?? now,
    createdAt: now,
  }) as OutboxRow;
  wakeSender();
  return row;
}

/** Claims up to `limit` due mails for this sender (status 'sending' with a lease). */
export function claimDueMails(limit: number, now = Date.now()): OutboxRow[] {
  const db = getDb();
  return db.transaction(() => {
    const due = db
      .select({ id: mailOutbox.id })
      .from(mailOutbox)
      .where(or(and(eq(mailOutbox.status, 'queued'), lte(mailOutbox.nextAttemptAt, now)), and(eq(mailOutbox.status, 'sending'), lte(mailOutbox.leaseUntil, now))))
      .orderBy(asc(mailOutbox.nextAttemptAt), asc(mailOutbox.id))
      .limit(limit)
      .all()
      .map((r) => r.id);
    if (due.length === 0) return [];
    return db.update(mailOutbox).set({ status: 'sending', leaseUntil: now + LEASE_MS }).where(inArray(mailOutbox.id, due)).returning().all().sort((a, b) => a.id - b.id);
  }, IMMEDIATE);
}

/** Whether anything is due (a cheap check for the sender's poll). */
export function hasDueMail(now = Date.now()): boolean {
  return (
    getDb()
      .select({ id: mailOutbox.id })
      .from(mailOutbox)
      .where(or(and(eq(mailOutbox.status, 'queued'), lte(mailOutbox.nextAttemptAt, now)), and(eq(mailOutbox.status, 'sending'), lte(mailOutbox.leaseUntil, now))))
      .limit(1)
      .get() !== undefined
  );
}

/** Rows a sender had claimed when its process ended: the one server per data folder starts by freeing them. */
export function releaseInterruptedMails(): number {
  return getDb().update(mailOutbox).set({ status: 'queued', leaseUntil: null }).where(eq(mailOutbox.status, 'sending')).run().changes;
}

/**
 * The server accepted the mail: recorded at once, so the window for a duplicate after a crash
 * stays as short as one write. That write skips the fsync (synchronous=NORMAL for this one
 * statement): in WAL mode it survives a crash of the process all the same; only a power cut
 * right after it could undo it, and then the mail goes out once more with its Message-ID.
 * An fsync per mail would make sending thousands of mails wait for the disk.
 */
export function markSent(id: number, subject: string, now = Date.now()): void {
  const update = prepared('mark-sent', (d) =>
    d
      .update(mailOutbox)
      .set({ status: 'sent', sentAt: sql`${sql.placeholder('now')}`, subject: sql`${sql.placeholder('subject')}`, leaseUntil: null, lastError: null })
      .where(eq(mailOutbox.id, sql.placeholder('id')))
      .prepare(),
  );
  withoutFsync(() => update.run({ id, subject, now }));
}

/** Nothing to send (the reason for the drop is kept, e.g. the Beitrag is not readable any more). */
export function markDropped(id: number, reason: string): void {
  getDb().update(mailOutbox).set({ status: 'dropped', lastError: reason.slice(0, 500), leaseUntil: null }).where(eq(mailOutbox.id, id)).run();
}

/** A permanent refusal: failed with the server's reason, never retried. */
export function markFailed(id: number, reason: string, subject: string | null): void {
  getDb()
    .update(mailOutbox)
    .set({ status: 'failed', lastError: reason.slice(0, 500), leaseUntil: null, attempts: sql`${mailOutbox.attempts} + 1`, ...(subject ? { subject } : {}) })
    .where(eq(mailOutbox.id, id))
    .run();
}

/** Exponential back-off: base, 2×base, 4×base … capped at six hours. */
export function retryDelay(attempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 6 * 60 * 60 * 1000);
}

/** A temporary failure: back to the queue with back-off, or failed after MAX_ATTEMPTS. */
export function markRetry(row: Pick<OutboxRow, 'id' | 'attempts'>, reason: string, baseMs: number, now = Date.now()): void {
  const attempts = row.attempts + 1;
  if (attempts >= MAX_ATTEMPTS) {
    getDb().update(mailOutbox).set({ status: 'failed', attempts, lastError: `gave up after ${attempts} attempts: ${reason}`.slice(0, 500), leaseUntil: null }).where(eq(mailOutbox.id, row.id)).run();
    return;
  }
  getDb()
    .update(mailOutbox)
    .set({ status: 'queued', attempts, nextAttemptAt: now + retryDelay(attempts, baseMs), lastError: reason.slice(0, 500), leaseUntil: null })
    .where(eq(mailOutbox.id, row.id))
    .run();
}

/** Gives claimed rows back without counting an attempt (the transport is down, or the sender stops). */
export function releaseMails(ids: number[], notBefore: number, reason?: string): void {
  if (ids.length === 0) return;
  getDb()
    .update(mailOutbox)
    .set({ status: 'queued', leaseUntil: null, nextAttemptAt: notBefore, ...(reason ? { lastError: reason.slice(0, 500) } : {}) })
    .where(inArray(mailOutbox.id, ids))
    .run();
}

export function countByStatus(): Record<MailStatus, number> {
  const counts = Object.fromEntries(MAIL_STATUSES.map((s) => [s, 0])) as Record<MailStatus, number>;
  for (const r of getDb().select({ status: mailOutbox.status, n: count() }).from(mailOutbox).groupBy(mailOutbox.status).all()) counts[r.status] = r.n;
  return counts;
}

/** Mails in the given states, newest first. */
export function listMails(statuses: readonly MailStatus[], limit = 50): OutboxRow[] {
  return getDb().select().from(mailOutbox).where(inArray(mailOutbox.status, [...statuses])).orderBy(desc(mailOutbox.id)).limit(limit).all();
}

export function getMail(id: number): OutboxRow | undefined {
  return getDb().select().from(mailOutbox).where(eq(mailOutbox.id, id)).get();
}

/** The person's mails for the personal data export (no bodies are stored). */
export function mailsOf(userId: string, address: string): { art: string; an: string; betreff: string | null; status: MailStatus; angelegt: string; gesendet: string | null; fehler: string | null }[] {
  return getDb()
    .select()
    .from(mailOutbox)
    .where(or(eq(mailOutbox.userId, userId), eq(mailOutbox.address, address)))
    .orderBy(asc(mailOutbox.id))
    .all()
    .map((m) => ({
      art: m.kind,
      an: m.address,
      betreff: m.subject,
      status: m.status,
      angelegt: new Date(m.createdAt).toISOString(),
      gesendet: m.sentAt === null ? null : new Date(m.sentAt).toISOString(),
      fehler: m.lastError,
    }));
}

/** With an account deleted: its mails, including those sent to its address before it existed. */
export function deleteMailsOf(userId: string, address: string): void {
  getDb().delete(mailOutbox).where(or(eq(mailOutbox.userId, userId), eq(mailOutbox.address, address))).run();
}

/** Sent and dropped mails are kept for the queue overview and the personal export for 90 days. */
export function pruneMails(now = Date.now()): number {
  return getDb()
    .delete(mailOutbox)
    .where(and(inArray(mailOutbox.status, ['sent', 'dropped']), lte(mailOutbox.createdAt, now - 90 * 24 * 60 * 60 * 1000)))
    .run().changes;
}
