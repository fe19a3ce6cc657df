import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { getDb } from '../db/client';
import { memberships, users } from '../db/schema';
import { getKreis } from '../tenants/registry';

export interface AdminPerson {
  id: string;
  name: string;
  /** Where the person is admin: the Kommune itself, or the Kreis (admin everywhere). */
  tenant: string;
}

/**
 * The enabled people who hold admin rights in a Kommune: its own admins, then the Kreis admins
 * (who may act in every Kommune). Each person once, under the first place they are admin.
 */
export function enabledAdmins(tenant: string): AdminPerson[] {
  const kreis = getKreis().slug;
  const rows = getDb()
    .select({ id: users.id, name: users.name, tenant: memberships.tenant })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.role, 'admin'), inArray(memberships.tenant, [...new Set([tenant, kreis])]), isNull(users.disabledAt)))
    .orderBy(asc(users.name))
    .all();
  const own = rows.filter((r) => r.tenant === tenant);
  const seen = new Set(own.map((r) => r.id));
  return [...own, ...rows.filter((r) => r.tenant !== tenant && !seen.has(r.id))];
}
