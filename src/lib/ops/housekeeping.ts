import { pruneAudit } from '../audit/retention';
import { pruneThrottle } from '../auth/throttle';
import { prunePending } from '../auth/pending';
import { pruneFlows } from '../oidc/flow';

export const HOUSEKEEPING_INTERVAL_MS = 60 * 60_000;

/**
 * Deletes audit entries past their retention, sign-in counts nobody needs, and sign-ins at a
 * provider or with a second factor that were never finished; returns the counts.
 */
export function runHousekeeping(now = Date.now()): { audit: number; throttle: number; unfinished: number } {
  return { audit: pruneAudit(now), throttle: pruneThrottle(now), unfinished: pruneFlows(now) + prunePending(now) };
}

/**
 * Runs the housekeeping every hour while the server runs (start-up runs it once before listening,
 * see cli/prepare.ts); returns the stop function. A failure (e.g. the database locked by another
 * process) is logged and tried again next time.
 */
export function startHousekeeping(log: (line: string) => void, intervalMs = HOUSEKEEPING_INTERVAL_MS): () => void {
  const run = () => {
    try {
      const { audit } = runHousekeeping();
      if (audit > 0) log(JSON.stringify({ t: new Date().toISOString(), event: 'audit-pruned', entries: audit }));
    } catch (err) {
      process.stderr.write(JSON.stringify({ t: new Date().toISOString(), level: 'error', event: 'housekeeping-failed', message: (err as Error).message }) + '\n');
    }
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
