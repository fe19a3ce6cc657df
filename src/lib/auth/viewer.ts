import { eq, sql } from 'drizzle-orm';
import { prepared } from '../db/client';
import { memberships, users } from '../db/schema';
import { getKreis } from '../tenants/registry';

export const ROLES = ['mitarbeiter', 'redakteur', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = { mitarbeiter: 'Mitarbeiter:in', redakteur: 'Redakteur:in', admin: 'Admin' };
const RANK: Record<Role, number> = { mitarbeiter: 1, redakteur: 2, admin: 3 };

/** Whether changing a role from `from` to `to` takes rights away. */
export function isDemotion(from: Role, to: Role): boolean {
  return RANK[to] < RANK[from];
}

/** The signed-in person as every check sees them. */
export interface Viewer {
  id: string;
  email: string;
  name: string;
  /** Role per tenant slug, as stored. */
  memberships: Record<string, Role>;
  /** Admin of the district tenant: admin rights in every Kommune. */
  isKreisAdmin: boolean;
}

export function loadViewer(userId: string): Viewer | null {
  const user = prepared('user-by-id', (d) => d.select().from(users).where(eq(users.id, sql.placeholder('id'))).prepare()).get({ id: userId });
  if (!user || user.disabledAt) return null;
  const rows = prepared('memberships-of-user', (d) => d.select().from(memberships).where(eq(memberships.userId, sql.placeholder('id'))).prepare()).all({ id: userId });
  const map: Record<string, Role> = {};
  for (const m of rows) map[m.tenant] = m.role;
  return { id: user.id, email: user.email, name: user.name, memberships: map, isKreisAdmin: map[getKreis().slug] === 'admin' };
}

/** The effective role of a viewer in a tenant (Kreis admins are admin everywhere). */
export function roleIn(viewer: Viewer | null, tenant: string): Role | null {
  if (!viewer) return null;
  if (viewer.isKreisAdmin) return 'admin';
  return viewer.memberships[tenant] ?? null;
}

export function hasRole(viewer: Viewer | null, tenant: string, atLeast: Role): boolean {
  const role = roleIn(viewer, tenant);
  return role !== null && RANK[role] >= RANK[atLeast];
}

/** Tenants in which the viewer holds at least the given role. */
export function tenantsWithRole(viewer: Viewer | null, atLeast: Role, allTenants: readonly string[]): string[] {
  return allTenants.filter((t) => hasRole(viewer, t, atLeast));
}

export function isStaff(viewer: Viewer | null): viewer is Viewer {
  return viewer !== null && (viewer.isKreisAdmin || Object.keys(viewer.memberships).length > 0);
}
