import { and, eq, isNull, gt } from 'drizzle-orm';
import { IMMEDIATE, getDb } from '../db/client';
import { invitations, memberships, users } from '../db/schema';
import { assertAdminCoverage, MemberActionError } from './admin-coverage';
import { invalidateUserSessions } from './session';
import { removeMembership, setMembership } from './users';
import { hasRole, type Role, type Viewer } from './viewer';

export { MemberActionError } from './admin-coverage';

/** The person's stored role in the tenant, or null when not a member. */
export function membershipOf(userId: string, tenant: string): Role | null {
  return getDb().select({ role: memberships.role }).from(memberships).where(and(eq(memberships.userId, userId), eq(memberships.tenant, tenant))).get()?.role ?? null;
}

/**
 * Changes the role of an existing member of the tenant. `acknowledged`: the Kommunen the person
 * acting confirmed to leave without an enabled admin (admin-coverage.ts).
 */
export function changeRole(actor: Viewer, tenant: string, userId: string, role: Role, acknowledged: readonly string[] = []): void {
  if (!hasRole(actor, tenant, 'admin')) throw new MemberActionError('Sie sind in dieser Kommune nicht Admin.');
  getDb().transaction(() => {
    if (!membershipOf(userId, tenant)) throw new MemberActionError('Diese Person ist kein Mitglied dieser Kommune.');
    assertAdminCoverage({ kind: 'role', userId, tenant, role }, acknowledged);
    setMembership(userId, tenant, role);
  }, IMMEDIATE);
}

/** Removes the membership in this tenant and ends the person's sessions. */
export function removeMember(actor: Viewer, tenant: string, userId: string, acknowledged: readonly string[] = []): void {
  if (!hasRole(actor, tenant, 'admin')) throw new MemberActionError('Sie sind in dieser Kommune nicht Admin.');
  getDb().transaction(() => {
    if (!membershipOf(userId, tenant)) throw new MemberActionError('Diese Person ist kein Mitglied dieser Kommune.');
    assertAdminCoverage({ kind: 'remove', userId, tenant }, acknowledged);
    removeMembership(userId, tenant);
    invalidateUserSessions(userId);
  }, IMMEDIATE);
}

/**
 * Disables or enables an account. An account spans Kommunen, so a Kommune admin may do this
 * only for people who belong to no Kommune where the admin lacks admin rights.
 */
export function setDisabled(actor: Viewer, tenant: string, userId: string, disabled: boolean, acknowledged: readonly string[] = []): void {
  if (actor.id === userId) throw new MemberActionError('Sie können Ihr eigenes Konto nicht deaktivieren.');
  const theirs = getDb().select({ tenant: memberships.tenant }).from(memberships).where(eq(memberships.userId, userId)).all().map((m) => m.tenant);
  if (!theirs.includes(tenant)) throw new MemberActionError('Diese Person ist kein Mitglied dieser Kommune.');
  if (!theirs.every((t) => hasRole(actor, t, 'admin'))) {
    throw new MemberActionError('Diese Person gehört auch zu einer Kommune, in der Sie nicht Admin sind. Bitte wenden Sie sich an den Kreis.');
  }
  getDb().transaction(() => {
    if (disabled) assertAdminCoverage({ kind: 'disable', userId }, acknowledged);
    getDb().update(users).set({ disabledAt: disabled ? new Date().toISOString() : null }).where(eq(users.id, userId)).run();
    if (disabled) invalidateUserSessions(userId);
  }, IMMEDIATE);
}

export function listOpenInvitations(tenant: string, now = Date.now()) {
  return getDb().select().from(invitations)
    .where(and(eq(invitations.tenant, tenant), isNull(invitations.usedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
    .all();
}

