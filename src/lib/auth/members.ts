import { and, eq, isNull, gt } from 'drizzle-orm';
import { IMMEDIATE, getDb } from '../db/client';
import { invitations, memberships, users } from '../db/schema';
import { getKreis } from '../tenants/registry';
import { invalidateUserSessions } from './session';
import { removeMembership, setMembership } from './users';
import { hasRole, type Role, type Viewer } from './viewer';

/** A refused member action, with the German reason. */
export class MemberActionError extends Error {}

function membershipOf(userId: string, tenant: string): Role | null {
  return getDb().select({ role: memberships.role }).from(memberships).where(and(eq(memberships.userId, userId), eq(memberships.tenant, tenant))).get()?.role ?? null;
}

function assertNotLastKreisAdmin(userId: string, tenant: string, newRole: Role | null): void {
  const kreis = getKreis().slug;
  if (tenant !== kreis || newRole === 'admin' || membershipOf(userId, kreis) !== 'admin') return;
  const admins = getDb().select({ id: memberships.userId }).from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenant, kreis), eq(memberships.role, 'admin'), isNull(users.disabledAt))).all();
  if (admins.length <= 1) throw new MemberActionError('Der Kreis braucht mindestens eine Administratorin oder einen Administrator.');
}

/** Changes the role of an existing member of the tenant. The caller has checked that the actor is admin there. */
export function changeRole(actor: Viewer, tenant: string, userId: string, role: Role): void {
  if (!hasRole(actor, tenant, 'admin')) throw new MemberActionError('Sie sind in dieser Kommune nicht Admin.');
  if (!membershipOf(userId, tenant)) throw new MemberActionError('Diese Person ist kein Mitglied dieser Kommune.');
  assertNotLastKreisAdmin(userId, tenant, role);
  setMembership(userId, tenant, role);
}

/** Removes the membership in this tenant and ends the person's sessions. */
export function removeMember(actor: Viewer, tenant: string, userId: string): void {
  if (!hasRole(actor, tenant, 'admin')) throw new MemberActionError('Sie sind in dieser Kommune nicht Admin.');
  if (!membershipOf(userId, tenant)) throw new MemberActionError('Diese Person ist kein Mitglied dieser Kommune.');
  assertNotLastKreisAdmin(userId, tenant, null);
  getDb().transaction(() => {
    removeMembership(userId, tenant);
    invalidateUserSessions(userId);
  }, IMMEDIATE);
}

/**
 * Disables or enables an account. An account spans Kommunen, so a Kommune admin may do this
 * only for people who belong to no Kommune where the admin lacks admin rights.
 */
export function setDisabled(actor: Viewer, tenant: string, userId: string, disabled: boolean): void {
  if (actor.id === userId) throw new MemberActionError('Sie können Ihr eigenes Konto nicht deaktivieren.');
  const theirs = getDb().select({ tenant: memberships.tenant }).from(memberships).where(eq(memberships.userId, userId)).all().map((m) => m.tenant);
  if (!theirs.includes(tenant)) throw new MemberActionError('Diese Person ist kein Mitglied dieser Kommune.');
  if (!theirs.every((t) => hasRole(actor, t, 'admin'))) {
    throw new MemberActionError('Diese Person gehört auch zu einer Kommune, in der Sie nicht Admin sind. Bitte wenden Sie sich an den Kreis.');
  }
  if (disabled) assertNotLastKreisAdmin(userId, getKreis().slug, null);
  getDb().transaction(() => {
    getDb().update(users).set({ disabledAt: disabled ? new Date().toISOString() : null }).where(eq(users.id, userId)).run();
    if (disabled) invalidateUserSessions(userId);
  }, IMMEDIATE);
}

export function listOpenInvitations(tenant: string, now = Date.now()) {
  return getDb().select().from(invitations)
    .where(and(eq(invitations.tenant, tenant), isNull(invitations.usedAt), gt(invitations.expiresAt, now)))
    .all();
}

