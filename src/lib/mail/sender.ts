import { claimDueMails, hasDueMail, markDropped, markFailed, markRetry, markSent, onWake, releaseInterruptedMails, releaseMails, retryDelay, type OutboxRow } from './outbox';
import type { MailSettings } from './settings';
import { createTransport, DeliveryError, type MailTransport, type OutgoingMail } from './transport';
import { isDatabaseBusy } from '../db/busy';

/**
 * The background sender of the server process. It builds each mail when it sends it (the
 * renderer of its kind decides from the database as it is now), hands it to the transport
 * and records the outcome at once:
 * - accepted → 'sent'; a 5xx answer for this mail → 'failed' with the reason, never retried;
 * - 4xx → retried with exponential back-off; the transport down (connection refused, timeout,
 *   TLS, authentication) → the whole queue pauses with back-off, no mail loses an attempt;
 * - nothing to send any more (e.g. the Beitrag became unreadable) → 'dropped'.
 */
export type RenderResult = { mail: Omit<OutgoingMail, 'messageId'> } | { drop: string };
export type Renderer = (row: OutboxRow) => RenderResult;

const BATCH = 50;
const PARALLEL = 3;

export interface PassResult {
  sent: number;
  failed: number;
  dropped: number;
  retried: number;
  /** The transport was down; the rest of the queue waits. */
  paused: boolean;
}

function log(entry: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify({ t: new Date().toISOString(), event: 'mail', ...entry }) + '\n');
}

/** Sends one claimed mail; returns the reason when the transport is down (the row is then left to the caller). */
async function deliver(row: OutboxRow, transport: MailTransport, render: Renderer, settings: MailSettings, result: PassResult): Promise<{ down: string } | 'done'> {
  let built: RenderResult;
  try {
    built = render(row);
  } catch (err) {
    process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), level: 'error', event: 'mail-render', id: row.id, kind: row.kind, error: (err as Error).message })}\n`);
    markRetry(row, `render: ${(err as Error).message}`, settings.retryBaseMs);
    result.retried++;
    return 'done';
  }
  if ('drop' in built) {
    markDropped(row.id, built.drop);
    result.dropped++;
    log({ id: row.id, kind: row.kind, status: 'dropped', reason: built.drop });
    return 'done';
  }
  try {
    const delivery = await transport.send({ ...built.mail, messageId: row.messageId });
    markSent(row.id, built.mail.subject);
    result.sent++;
    log({ id: row.id, kind: row.kind, status: 'sent', response: delivery.response.slice(0, 200) });
  } catch (err) {
    const e = err instanceof DeliveryError ? err : new DeliveryError((err as Error).message, false, true);
    if (e.transportDown) {
      log({ id: row.id, kind: row.kind, status: 'transport-down', error: e.message });
      return { down: e.message };
    }
    if (e.permanent) {
      markFailed(row.id, e.message, built.mail.subject);
      result.failed++;
      log({ id: row.id, kind: row.kind, status: 'failed', error: e.message });
    } else {
      markRetry(row, e.message, settings.retryBaseMs);
      result.retried++;
      log({ id: row.id, kind: row.kind, status: 'retry', error: e.message });
    }
  }
  return 'done';
}

/** One pass over the due mails (in batches) until none is due or the transport is down. */
export async function sendDueMails(transport: MailTransport, render: Renderer, settings: MailSettings, pauseMs = settings.retryBaseMs, stopping: () => boolean = () => false): Promise<PassResult> {
  const result: PassResult = { sent: 0, failed: 0, dropped: 0, retried: 0, paused: false };
  for (;;) {
    if (stopping()) return result;
    const rows = claimDueMails(BATCH);
    if (rows.length === 0) return result;
    let next = 0;
    let downReason = '';
    const untried = new Set(rows.map((r) => r.id));
    const worker = async () => {
      while (!result.paused && !stopping() && next < rows.length) {
        const row = rows[next++]!;
        untried.delete(row.id);
        const outcome = await deliver(row, transport, render, settings, result);
        if (outcome !== 'done') {
          result.paused = true;
          downReason = `mail server not reachable: ${outcome.down}`;
          untried.add(row.id);
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    if (result.paused) {
      releaseMails([...untried], Date.now() + pauseMs, downReason);
      return result;
    }
    if (stopping()) {
      releaseMails([...untried], Date.now());
      return result;
    }
  }
}

interface SenderState {
  transport: MailTransport | null;
  running: Promise<void> | null;
  again: boolean;
  poll: NodeJS.Timeout | null;
  /** Consecutive passes that found the transport down: the pause doubles with each. */
  downPasses: number;
  /** While the transport is down nothing is tried before this time (epoch ms). */
  pausedUntil: number;
  resume: NodeJS.Timeout | null;
}

const KEY = Symbol.for('wissensnetz.mail.sender');
const state: SenderState = ((globalThis as Record<symbol, unknown>)[KEY] ??= {
  transport: null,
  running: null,
  again: false,
  poll: null,
  downPasses: 0,
  pausedUntil: 0,
  resume: null,
} satisfies SenderState) as SenderState;

function schedule(render: Renderer, settings: MailSettings): void {
  if (!state.transport) return;
  if (state.running) {
    state.again = true;
    return;
  }
  const wait = state.pausedUntil - Date.now();
  if (wait > 0) {
    // The transport is down: mail queued meanwhile waits for the pause like everything else.
    state.resume ??= setTimeout(() => {
      state.resume = null;
      schedule(render, settings);
    }, wait);
    state.resume.unref();
    return;
  }
  const transport = state.transport;
  state.running = (async () => {
    do {
      state.again = false;
      const pause = retryDelay(state.downPasses + 1, settings.retryBaseMs);
      const result = await sendDueMails(transport, render, settings, pause, () => state.transport === null);
      if (result.paused) {
        state.downPasses++;
        state.pausedUntil = Date.now() + pause;
        state.again = true;
        break;
      }
      state.downPasses = 0;
    } while (state.again && state.transport);
  })()
    .catch((err: unknown) => {
      // Another process holding the write lock delays mails to the next pass; nothing is lost.
      if (isDatabaseBusy(err)) return;
      process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), level: 'error', event: 'mail-sender', error: (err as Error).message })}\n`);
    })
    .finally(() => {
      state.running = null;
      if (state.again) schedule(render, settings);
    });
}

/**
 * Starts the sender in this process: frees mails a previous process had claimed, sends what
 * is due, wakes up when a transaction queued mail here, and polls for mail queued by others.
 */
export function startMailSender(render: Renderer, settings: MailSettings): void {
  if (state.transport) return;
  state.transport = createTransport(settings);
  releaseInterruptedMails();
  const run = () => schedule(render, settings);
  onWake(run);
  state.poll = setInterval(() => {
    try {
      if (!state.running && Date.now() >= state.pausedUntil && hasDueMail()) run();
    } catch {
      // The database is busy or gone; the next poll tries again.
    }
  }, settings.pollMs);
  state.poll.unref();
  run();
}

/** Stops the sender; resolves when the mail in hand is handed over (or failed). */
export async function stopMailSender(): Promise<void> {
  onWake(undefined);
  if (state.poll) clearInterval(state.poll);
  if (state.resume) clearTimeout(state.resume);
  state.poll = null;
  state.resume = null;
  state.pausedUntil = 0;
  state.downPasses = 0;
  const transport = state.transport;
  state.transport = null;
  await state.running;
  transport?.close();
}
