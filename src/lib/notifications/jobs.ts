import { eq } from 'drizzle-orm';
import { IMMEDIATE, getDb } from '../db/client';
import { notificationJobs } from '../db/schema';
import { pruneMails } from '../mail/outbox';
import { queueDigests } from './digests';
import { fanOutPending } from './events';
import { queueReviewReminders } from './reminders';
import { pruneUnsubscribeTokens } from './unsubscribe';

const BERLIN = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23', weekday: 'short' });
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Date, hour and weekday (1 = Monday) of a moment in Europe/Berlin, where the Kreis works. */
export function berlinTime(now: Date): { date: string; hour: number; weekday: number } {
  const parts = Object.fromEntries(BERLIN.formatToParts(now).map((p) => [p.type, p.value]));
  return { date: `${parts['year']}-${parts['month']}-${parts['day']}`, hour: Number(parts['hour']), weekday: WEEKDAYS.indexOf(parts['weekday']!) + 1 };
}

function mondayOf(date: string, weekday: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - (weekday - 1));
  return d.toISOString().slice(0, 10);
}

/** Runs `job` once per period: the claim and the job's writes commit together, so two processes cannot both run it. */
function once(name: string, period: string, now: Date, job: () => number): number | null {
  const db = getDb();
  return db.transaction(() => {
    const last = db.select().from(notificationJobs).where(eq(notificationJobs.name, name)).get();
    if (last && last.lastPeriod >= period) return null;
    const result = job();
    db.insert(notificationJobs)
      .values({ name, lastPeriod: period, ranAt: now.toISOString() })
      .onConflictDoUpdate({ target: notificationJobs.name, set: { lastPeriod: period, ranAt: now.toISOString() } })
      .run();
    return result;
  }, IMMEDIATE);
}

export interface JobsResult {
  /** Digest mails queued (null: not due in this period, or already run). */
  daily: number | null;
  weekly: number | null;
  reminders: number | null;
}

/**
 * What is due at `now`: from the configured hour (Europe/Berlin) on, the daily digest and the
 * review reminders once a day, the weekly digest once a week from Monday. Pending events are
 * handed to their subscribers first, so a digest includes everything that happened before it.
 */
export function runDueJobs(now: Date, digestHour: number): JobsResult {
  while (fanOutPending(100) > 0);
  const t = berlinTime(now);
  const result: JobsResult = { daily: null, weekly: null, reminders: null };
  if (t.hour >= digestHour) {
    result.daily = once('digest-taeglich', t.date, now, () => queueDigests('taeglich', now));
    result.reminders = once('erinnerungen', t.date, now, () => queueReviewReminders(now));
  }
  if (t.weekday > 1 || t.hour >= digestHour) result.weekly = once('digest-woechentlich', mondayOf(t.date, t.weekday), now, () => queueDigests('woechentlich', now));
  once('aufraeumen', t.date, now, () => (pruneUnsubscribeTokens(now.getTime()), pruneMails(now.getTime())));
  return result;
}
