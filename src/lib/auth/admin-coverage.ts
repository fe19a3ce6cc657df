import { and, eq, isNull, ne } from 'drizzle-orm';
import { getDb } from '../db/client';
import { memberships, users } from '../db/schema';
import { findTenant, getKreis } from '../tenants/registry';
import type { Role } from './viewer';

// The rule every member action, account deletion and the operator's disable-user follow:
// - the Kreis keeps at least one ENABLED admin (refused otherwise: nobody in the hub could
//   repair it; the operator's CLI can, with --force);
// - a Kommune may be left without an enabled admin only when the person acting confirmed it,
//   having been told that the Kreis admins can invite a new admin.
// A disabled admin counts for nothing: they cannot sign in, so they cannot act.

/** A refused member action, with the German reason. */
export class MemberActionError extends Error {}

/** The change leaves Kommunen without an enabled admin and was not confirmed for them. */
export class AdminConfirmationNeeded extends MemberActionError {
  constructor(readonly kommunen: string[]) {
    super(`${withoutAdminWarning(kommunen)} Bitte bestätigen Sie die Änderung ausdrücklich.`);
  }
}

/** A change to a person's account that can take admin rights away. */
export type AccountChange =
  | { kind: 'role'; userId: string; tenant: string; role: Role }
  | { kind: 'remove'; userId: string; tenant: string }
  | { kind: 'disable'; userId: string }
  | { kind: 'delete'; userId: string };

/** Tenants in which this person is an enabled admin. */
function enabledAdminTenants(userId: string): string[] {
  return getDb()
    .select({ tenant: memberships.tenant })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.userId, userId), eq(memberships.role, 'admin'), isNull(users.disabledAt)))
    .all()
    .map((r) => r.tenant);
}

function otherEnabledAdmins(tenant: string, userId: string): number {
  return getDb()
    .select({ id: users.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenant, tenant), eq(memberships.role, 'admin'), ne(memberships.userId, userId), isNull(users.disabledAt)))
    .all().length;
}

/** The tenants (Kreis or Kommunen) that would have no enabled admin after this change. */
export function tenantsLeftWithoutAdmin(change: AccountChange): string[] {
  const adminIn = enabledAdminTenants(change.userId);
  const losing =
    change.kind === 'role' ? (change.role === 'admin' ? [] : adminIn.filter((t) => t === change.tenant))
    : change.kind === 'remove' ? adminIn.filter((t) => t === change.tenant)
    : adminIn;
  return losing.filter((t) => otherEnabledAdmins(t, change.userId) === 0);
}

export interface AdminCoverage {
  /** The change would leave the Kreis without an enabled admin: refused in the hub. */
  kreis: boolean;
  /** Kommunen left without an enabled admin: allowed once acknowledged. */
  kommunen: string[];
}

export function checkAdminCoverage(change: AccountChange): AdminCoverage {
  const kreis = getKreis().slug;
  const left = tenantsLeftWithoutAdmin(change);
  return { kreis: left.includes(kreis), kommunen: left.filter((t) => t !== kreis).sort() };
}

/**
 * Refuses a change that leaves the Kreis without an enabled admin, and one that leaves Kommunen
 * without one unless each of them is in `acknowledged` (what the person confirmed). Call it in
 * the transaction that makes the change.
 */
export function assertAdminCoverage(change: AccountChange, acknowledged: readonly string[]): void {
  const coverage = checkAdminCoverage(change);
  if (coverage.kreis) throw new MemberActionError(KREIS_NEEDS_ADMIN);
  const unconfirmed = coverage.kommunen.filter((t) => !acknowledged.includes(t));
  if (unconfirmed.length) throw new AdminConfirmationNeeded(coverage.kommunen);
}

/** Names and addresses of the enabled Kreis admins: the people who can repair a Kommune without admin. */
export function kreisAdminContacts(): { name: string; email: string }[] {
  return getDb()
    .select({ name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenant, getKreis().slug), eq(memberships.role, 'admin'), isNull(users.disabledAt)))
    .orderBy(users.name)
    .all();
}

export const KREIS_NEEDS_ADMIN =
  'Der Kreis braucht mindestens eine aktive Administratorin oder einen aktiven Administrator. Bitte ernennen Sie zuerst eine weitere Person zur Kreis-Admin.';

/** German warning for the confirmation: which Kommunen lose their last admin and who can help. */
export function withoutAdminWarning(kommunen: readonly string[]): string {
  const names = kommunen.map((t) => findTenant(t)?.name ?? t);
  const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} und ${names.at(-1)}`;
  const contacts = kreisAdminContacts().map((c) => `${c.name} (${c.email})`);
  return `Danach hat ${list} keine aktive Administratorin und keinen aktiven Administrator mehr. Neue Admins können dann nur die Kreis-Admins einladen${contacts.length ? `: ${contacts.join(', ')}` : ''}.`;
}
