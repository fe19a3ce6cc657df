import { disableUser as disable } from '../../lib/ops/accounts';
import { out, requireFlag, type Command } from '../command';
import { openMigratedDb } from '../database';

export const disableUser: Command = {
  name: 'disable-user',
  summary: 'Disable an account and end all its sessions',
  help: `Usage: npm run cli -- disable-user --email <address>

Disables the account at once: all its sessions end and it can no longer sign
in. Its Beiträge, revisions and memberships stay, and the audit log records it.

Options:
  --email <address>  e-mail address of the account (required)
  -h, --help         show this help`,
  options: { email: { type: 'string' } },
  run(flags) {
    const email = requireFlag(flags, 'email');
    openMigratedDb();
    const { alreadyDisabled } = disable(email);
    out(alreadyDisabled ? `${email} was already disabled; any remaining sessions were ended.` : `${email} is disabled and signed out everywhere.`);
    return 0;
  },
};
