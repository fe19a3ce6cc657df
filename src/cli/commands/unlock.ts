import { listLocks, unlock as unlockOne, unlockAll } from '../../lib/ops/sign-in-locks';
import { out, UsageError, type Command } from '../command';
import { openMigratedDb } from '../database';

export const unlock: Command = {
  name: 'unlock',
  summary: 'List sign-in locks, or lift them for an e-mail address, an address or all',
  help: `Usage: npm run cli -- unlock [--email <address> | --ip <address> | --all]

Without options, lists every e-mail address that must wait before its next
sign-in attempt and every client address that is locked, with the number of
failed attempts and until when (UTC). Locks are kept in the database, so a
restart does not lift them; this command does (audited).

An e-mail address must wait 1 s, 2 s, 4 s ... (at most 5 minutes) after its
fifth failed attempt in a row; a client address is locked for 15 minutes after
50 failed attempts within 15 minutes.

Options:
  --email <address>  lift the wait of this e-mail address and forget its failures
  --ip <address>     lift the lock of this client address and forget its failures
  --all              lift every wait and lock
  -h, --help         show this help`,
  options: { email: { type: 'string' }, ip: { type: 'string' }, all: { type: 'boolean' } },
  run(flags) {
    const chosen = (['email', 'ip', 'all'] as const).filter((f) => flags[f] !== undefined);
    if (chosen.length > 1) throw new UsageError('Use only one of --email, --ip and --all.');
    for (const f of ['email', 'ip'] as const) {
      if (flags[f] !== undefined && (typeof flags[f] !== 'string' || flags[f].trim() === '')) throw new UsageError(`Option --${f} needs a value.`);
    }
    openMigratedDb();
    if (flags['all']) {
      const n = unlockAll();
      out(n === 0 ? 'There were no sign-in locks or failure counts.' : `Lifted all sign-in locks and failure counts (${n} entries).`);
      return 0;
    }
    if (typeof flags['email'] === 'string') {
      unlockOne({ email: flags['email'] });
      out(`Sign-in for ${flags['email'].trim()} is no longer delayed; its failed attempts are forgotten.`);
      return 0;
    }
    if (typeof flags['ip'] === 'string') {
      unlockOne({ ip: flags['ip'] });
      out(`Sign-in from ${flags['ip'].trim()} is no longer locked; its failed attempts are forgotten.`);
      return 0;
    }
    const locks = listLocks();
    if (locks.length === 0) {
      out('No sign-in locks.');
      return 0;
    }
    for (const l of locks) {
      out(`${l.kind === 'account' ? 'e-mail ' : 'address'}  ${l.subject}  ${l.failures} failed attempt(s)  until ${new Date(l.until).toISOString()}`);
    }
    return 0;
  },
};
