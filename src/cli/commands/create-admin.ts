import { inviteFirstKreisAdmin } from '../../lib/ops/accounts';
import { out, requireFlag, type Command } from '../command';
import { openMigratedDb } from '../database';

export const createAdmin: Command = {
  name: 'create-admin',
  summary: 'Invite the first Kreis admin (prints a one-time sign-up link)',
  help: `Usage: npm run cli -- create-admin --email <address> [--force]

Creates a one-time invitation (valid 7 days) for an admin of the district tenant,
prints the link and queues an invitation mail to the address. The person opens it, chooses a name and password, and is
then Kreis admin. There is no default admin and no password on the command line.

Options:
  --email <address>  e-mail address of the new Kreis admin (required)
  --force            invite even though an enabled Kreis admin already exists
  -h, --help         show this help`,
  options: { email: { type: 'string' }, force: { type: 'boolean' } },
  run(flags) {
    const email = requireFlag(flags, 'email');
    openMigratedDb();
    const { link, invitation } = inviteFirstKreisAdmin(email, { force: flags['force'] === true });
    out(`Invitation for ${invitation.email} as Kreis admin, valid until ${new Date(invitation.expiresAt).toISOString()}:`);
    out(link);
    out(`The invitation mail to ${invitation.email} is queued; the running server sends it ("mail-queue" shows its state).`);
    return 0;
  },
};
