import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { writeAudit } from '../audit/log';
import { createInvitation, type Invitation } from '../auth/invitations';
import { invalidateUserSessions } from '../auth/session';
import { findUserByEmail } from '../auth/users';
import { tenantsLeftWithoutAdmin } from '../auth/admin-coverage';
import { ROLES, type Role } from '../auth/viewer';
import { getConfig } from '../config';
import { IMMEDIATE, getDb } from '../db/client';
import { memberships, users } from '../db/schema';
import { findTenant, getKreis } from '../tenants/registry';

/** A refusal the operator can act on; the CLI prints the message and exits with 1. */
export class OpsError extends Error {}

const CLI_ACTOR = { id: null, label: 'Betriebs-CLI' };

export function invitationLink(token: string): string {
  return `${getConfig().origin}/einladung/${token}`;
}

function checkEmail(email: string): string {
  const parsed = z.email().safeParse(email.trim());
  if (!parsed.success) throw new OpsError(`"${email}" is not a valid e-mail address.`);
  return parsed.data;
}

/** E-mail addresses of the enabled Kreis admins. */
export function listKreisAdmins(): string[] {
  return getDb()
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenant, getKreis().slug), eq(memberships.role, 'admin'), isNull(users.disabledAt)))
    .all()
    .map((r) => r.email);
}

/** Invites someone into a tenant with a role; the link is valid once, for 7 days. */
export function inviteUser(input: { email: string; tenant: string; role: string }, action = 'cli.einladung'): { link: string; invitation: Invitation } {
  const email = checkEmail(input.email);
  const tenant = findTenant(input.tenant);
  if (!tenant) throw new OpsError(`Unknown tenant "${input.tenant}". See "npm run cli -- tenants" for the slugs.`);
  if (!(ROLES as readonly string[]).includes(input.role)) throw new OpsError(`Unknown role "${input.role}"; use one of ${ROLES.join(', ')}.`);
  const { token, invitation } = createInvitation({ email, tenant: tenant.slug, role: input.role as Role, invitedBy: null });
  writeAudit({ action, actor: CLI_ACTOR, tenant: tenant.slug, object: invitation.email, detail: `Rolle ${input.role}` });
  return { link: invitationLink(token), invitation };
}

/**
 * Invites the first Kreis admin. There is no default admin; once an enabled Kreis admin
 * exists this refuses unless forced, so the command cannot be used to slip in a second
 * admin unnoticed (it is still audited when forced).
 */
export function inviteFirstKreisAdmin(email: string, options: { force: boolean }): { link: string; invitation: Invitation } {
  const existing = listKreisAdmins();
  if (existing.length > 0 && !options.force) {
    throw new OpsError(`A Kreis admin already exists (${existing.join(', ')}). Use --force to invite another one anyway.`);
  }
  return inviteUser({ email, tenant: getKreis().slug, role: 'admin' }, 'cli.kreis-admin-einladung');
}

/**
 * Disables an account and ends all its sessions at once; idempotent. When that leaves the Kreis or
 * a Kommune without an enabled admin (admin-coverage.ts) it is refused unless forced: a compromised
 * account must be stoppable, but not by a slip of the keyboard.
 */
export function disableUser(email: string, options: { force?: boolean } = {}): { alreadyDisabled: boolean; withoutAdmin: string[] } {
  const user = findUserByEmail(email);
  if (!user) throw new OpsError(`No account with the e-mail address "${email}".`);
  const db = getDb();
  return db.transaction(() => {
    const withoutAdmin = user.disabledAt ? [] : tenantsLeftWithoutAdmin({ kind: 'disable', userId: user.id });
    if (withoutAdmin.length && !options.force) {
      const kreis = withoutAdmin.includes(getKreis().slug);
      throw new OpsError(
        `${user.email} is the last enabled admin of ${withoutAdmin.join(', ')}. Disabling it leaves ${kreis ? 'nobody who can manage the hub' : 'that Kommune without an admin'}. ` +
          `Use --force to disable it anyway, then ${kreis ? 'invite a new Kreis admin with "create-admin --email <address>"' : 'have a Kreis admin (or "invite --role admin") appoint a new admin'}.`,
      );
    }
    if (!user.disabledAt) db.update(users).set({ disabledAt: new Date().toISOString() }).where(eq(users.id, user.id)).run();
    invalidateUserSessions(user.id);
    writeAudit({ action: 'cli.konto-gesperrt', actor: CLI_ACTOR, object: user.email, detail: withoutAdmin.length ? `ohne aktive Admins: ${withoutAdmin.join(', ')}` : '' });
    return { alreadyDisabled: Boolean(user.disabledAt), withoutAdmin };
  }, IMMEDIATE);
}
