import { count, eq, isNull } from 'drizzle-orm';
import { getDb } from '../db/client';
import { documents, memberships, users } from '../db/schema';
import { listTenants } from '../tenants/registry';
import type { DocumentStatus } from '../documents/vocabulary';

export interface TenantStats {
  slug: string;
  name: string;
  members: number;
  documents: Record<DocumentStatus, number>;
}

/** Per administration: enabled members and Beiträge by status (for the operator, not visibility-filtered). */
export function listTenantStats(): TenantStats[] {
  const db = getDb();
  const members = new Map(
    db
      .select({ tenant: memberships.tenant, n: count() })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(isNull(users.disabledAt))
      .groupBy(memberships.tenant)
      .all()
      .map((r) => [r.tenant, r.n]),
  );
  const docs = db.select({ tenant: documents.tenant, status: documents.status, n: count() }).from(documents).groupBy(documents.tenant, documents.status).all();
  return listTenants().map((t) => {
    const byStatus: Record<DocumentStatus, number> = { entwurf: 0, in_pruefung: 0, veroeffentlicht: 0, archiviert: 0 };
    for (const d of docs) if (d.tenant === t.slug) byStatus[d.status] = d.n;
    return { slug: t.slug, name: t.name, members: members.get(t.slug) ?? 0, documents: byStatus };
  });
}
