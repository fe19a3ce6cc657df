import { getConfig } from '../../lib/config';
import { getMailSettings } from '../../lib/mail/settings';
import { runDueJobs } from '../../lib/notifications/jobs';
import { UsageError, out, type Command } from '../command';
import { openMigratedDb } from '../database';

export const notifyRun: Command = {
  name: 'notify-run',
  summary: 'Run what is due now: hand out new events, daily/weekly digests, review reminders',
  help: `Usage: npm run cli -- notify-run [--at <ISO time>]

Does what the server does on its own every minute (unless WISSENSNETZ_SCHEDULED_JOBS=0):
hands new events to their followers, and from WISSENSNETZ_DIGEST_HOUR (Europe/Berlin)
on queues the daily digest and the review reminders once a day and the weekly digest
once a week (Monday). A period that already ran is not run again. The running server
sends the queued mails. Use it from cron when the server's own timer is switched off.

Options:
  --at <ISO time>  act as if it were this time, e.g. 2026-12-01T08:00:00+01:00
                   (only outside production: for demos and tests)
  -h, --help       show this help`,
  options: { at: { type: 'string' } },
  run(flags) {
    let now = new Date();
    if (typeof flags['at'] === 'string') {
      if (getConfig().production) throw new UsageError('--at is only available outside production (NODE_ENV=production is set).');
      now = new Date(flags['at']);
      if (Number.isNaN(now.getTime())) throw new UsageError(`--at must be a date and time like 2026-12-01T08:00:00+01:00, got "${flags['at']}".`);
    }
    const settings = getMailSettings();
    openMigratedDb();
    const result = runDueJobs(now, settings.digestHour);
    const show = (n: number | null) => (n === null ? 'not due or already done' : `${n} mails queued`);
    out(`At ${now.toISOString()}: daily digest ${show(result.daily)}, weekly digest ${show(result.weekly)}, review reminders ${show(result.reminders)}.`);
    return 0;
  },
};
