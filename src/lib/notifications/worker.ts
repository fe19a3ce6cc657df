import type { MailSettings } from '../mail/settings';
import { fanOutPending, hasPendingEvents, onEventRecorded } from './events';
import { runDueJobs } from './jobs';
import { isDatabaseBusy } from '../db/busy';

/**
 * The notification worker of the server process: hands new events to their subscribers soon
 * after they are committed (woken by recordEvent, or by polling for events other processes
 * wrote), and checks once a minute whether digests or reminders are due.
 */
interface WorkerState {
  running: boolean;
  again: boolean;
  poll: NodeJS.Timeout | null;
  jobs: NodeJS.Timeout | null;
}

const KEY = Symbol.for('wissensnetz.notifications.worker');
const state: WorkerState = ((globalThis as Record<symbol, unknown>)[KEY] ??= { running: false, again: false, poll: null, jobs: null } satisfies WorkerState) as WorkerState;

function logError(event: string, err: unknown): void {
  // Another process holding the write lock delays the work to the next pass; nothing is lost.
  if (isDatabaseBusy(err)) return;
  process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), level: 'error', event, error: (err as Error).message })}\n`);
}

/** Fans out a few events per turn of the event loop, so requests are served in between. */
function drain(): void {
  if (state.running) {
    state.again = true;
    return;
  }
  state.running = true;
  const step = () => {
    try {
      if (fanOutPending(5) > 0 || state.again) {
        state.again = false;
        setImmediate(step);
        return;
      }
    } catch (err) {
      logError('notification-fanout', err);
    }
    state.running = false;
  };
  setImmediate(step);
}

export function startNotificationWorker(settings: MailSettings): void {
  if (state.poll) return;
  onEventRecorded(drain);
  state.poll = setInterval(() => {
    try {
      if (!state.running && hasPendingEvents()) drain();
    } catch {
      // The database is busy; the next poll tries again.
    }
  }, settings.pollMs);
  state.poll.unref();
  if (settings.scheduledJobs) {
    const tick = () => {
      try {
        runDueJobs(new Date(), settings.digestHour);
      } catch (err) {
        logError('notification-jobs', err);
      }
    };
    state.jobs = setInterval(tick, 60_000);
    state.jobs.unref();
    setImmediate(tick);
  }
  drain();
}

export function stopNotificationWorker(): void {
  onEventRecorded(undefined);
  if (state.poll) clearInterval(state.poll);
  if (state.jobs) clearInterval(state.jobs);
  state.poll = null;
  state.jobs = null;
}
