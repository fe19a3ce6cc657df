import { inviteUser } from '../../lib/ops/accounts';
import { out, requireFlag, type Command } from '../command';
import { openMigratedDb } from '../database';

export const invite: Command = {
  name: 'invite',
  summary: 'Invite a person into a tenant with a role (prints a one-time link)',
  help: `Usage: npm run cli -- invite --email <address> --tenant <slug> --role <role>

Creates a one-time invitation (valid 7 days), prints the link, built from
WISSENSNETZ_ORIGIN, and queues an invitation mail to the address (with a link
of its own; either works once). An existing account gets the membership when the link is
opened; a new person chooses name and password there.

Options:
  --email <address>  e-mail address of the person (required)
  --tenant <slug>    tenant slug, e.g. duelmen (see the "tenants" command) (required)
  --role <role>      mitarbeiter, redakteur or admin (required)
  -h, --help         show this help`,
  options: { email: { type: 'string' }, tenant: { type: 'string' }, role: { type: 'string' } },
  run(flags) {
    const input = { email: requireFlag(flags, 'email'), tenant: requireFlag(flags, 'tenant'), role: requireFlag(flags, 'role') };
    openMigratedDb();
    const { link, invitation } = inviteUser(input);
    out(`Invitation for ${invitation.email} (${invitation.role} in ${invitation.tenant}), valid until ${new Date(invitation.expiresAt).toISOString()}:`);
    out(link);
    out(`The invitation mail to ${invitation.email} is queued; the running server sends it ("mail-queue" shows its state).`);
    return 0;
  },
};
