import { countByStatus, listMails, type MailStatus } from '../../lib/mail/outbox';
import { out, type Command } from '../command';
import { openExistingDb } from '../database';

export const mailQueue: Command = {
  name: 'mail-queue',
  summary: 'Show mails waiting in the outbox or failed',
  help: `Usage: npm run cli -- mail-queue [--all] [--json]

Counts the outbox by state and lists the mails that wait, are being sent or
failed (newest first, at most 50), with attempts, next attempt and the last error.
Mails are sent by the running server; a failed mail (refused by the mail server
or given up after 12 attempts) is not retried.

Options:
  --all       list sent and dropped mails too
  --json      print JSON instead of text
  -h, --help  show this help`,
  options: { all: { type: 'boolean' }, json: { type: 'boolean' } },
  run(flags) {
    openExistingDb();
    const states: MailStatus[] = flags['all'] ? ['queued', 'sending', 'failed', 'sent', 'dropped'] : ['queued', 'sending', 'failed'];
    const counts = countByStatus();
    const mails = listMails(states).map((m) => ({
      id: m.id,
      kind: m.kind,
      to: m.address,
      status: m.status,
      attempts: m.attempts,
      queued: new Date(m.createdAt).toISOString(),
      nextAttempt: m.status === 'queued' ? new Date(m.nextAttemptAt).toISOString() : null,
      sent: m.sentAt === null ? null : new Date(m.sentAt).toISOString(),
      subject: m.subject,
      error: m.lastError,
    }));
    if (flags['json']) {
      out(JSON.stringify({ counts, mails }, null, 2));
      return 0;
    }
    out(`Outbox: ${Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(', ')}`);
    if (mails.length === 0) out('Nothing waits or failed.');
    for (const m of mails) {
      const when = m.status === 'queued' ? `next attempt ${m.nextAttempt}` : m.sent ? `sent ${m.sent}` : `queued ${m.queued}`;
      out(`#${m.id} ${m.status} ${m.kind} to ${m.to}, ${m.attempts} attempts, ${when}${m.subject ? `, "${m.subject}"` : ''}${m.error ? `\n    ${m.error}` : ''}`);
    }
    return 0;
  },
};
