import { disableUser as disable } from '../../lib/ops/accounts';
import { out, requireFlag, type Command } from '../command';
import { openMigratedDb } from '../database';

export const disableUser: Command = {
  name: 'disable-user',
  summary: 'Disable an account and end all its sessions',
  help: `Usage: npm run cli -- disable-user --email <address> [--force]

Disables the account at once: all its sessions end and it can no longer sign
in. Its Beiträge, revisions and memberships stay, and the audit log records it.
Refused (exit code 1) when the account is the last enabled admin of the Kreis
or of a Kommune, unless --force.

Options:
  --email <address>  e-mail address of the account (required)
  --force            disable even the last enabled admin of the Kreis or a Kommune
  -h, --help         show this help`,
  options: { email: { type: 'string' }, force: { type: 'boolean' } },
  run(flags) {
    const email = requireFlag(flags, 'email');
    openMigratedDb();
    const { alreadyDisabled, withoutAdmin } = disable(email, { force: flags['force'] === true });
    out(alreadyDisabled ? `${email} was already disabled; any remaining sessions were ended.` : `${email} is disabled and signed out everywhere.`);
    if (withoutAdmin.length) out(`Warning: ${withoutAdmin.join(', ')} now ${withoutAdmin.length === 1 ? 'has' : 'have'} no enabled admin.`);
    return 0;
  },
};
