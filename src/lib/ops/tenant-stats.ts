import { and, count, eq, isNull, lt, max } from 'drizzle-orm';
import { getDb } from '../db/client';
import { documents, memberships, reuses, users } from '../db/schema';
import { listTenants } from '../tenants/registry';
import type { DocumentStatus } from '../documents/vocabulary';

export interface TenantStats {
  slug: string;
  name: string;
  /** Enabled accounts with a role in the Kommune. */
  members: number;
  documents: Record<DocumentStatus, number>;
  /** Published Beiträge past their next-review date ("Stand möglicherweise veraltet"). */
  overdueReviews: number;
  /** Nachnutzungen this Kommune recorded of other Kommunen's Beiträge. */
  reusesGiven: number;
  /** Nachnutzungen other Kommunen recorded of this Kommune's Beiträge. */
  reusesReceived: number;
  /** The newest change to one of its Beiträge or Nachnutzungen (ISO time), null when none. */
  lastActivity: string | null;
}

function byTenant<T>(rows: { tenant: string; value: T }[]): Map<string, T> {
  return new Map(rows.map((r) => [r.tenant, r.value]));
}

/**
 * Per administration, for operators (the CLI) and Kreis admins (/verwaltung/kommunen): not
 * filtered by visibility, counts only — no titles.
 */
export function listTenantStats(today = new Date()): TenantStats[] {
  const db = getDb();
  const day = today.toISOString().slice(0, 10);
  const members = byTenant(
    db
      .select({ tenant: memberships.tenant, value: count() })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(isNull(users.disabledAt))
      .groupBy(memberships.tenant)
      .all(),
  );
  const docs = db.select({ tenant: documents.tenant, status: documents.status, n: count() }).from(documents).groupBy(documents.tenant, documents.status).all();
  const overdue = byTenant(
    db
      .select({ tenant: documents.tenant, value: count() })
      .from(documents)
      .where(and(eq(documents.status, 'veroeffentlicht'), lt(documents.reviewDue, day)))
      .groupBy(documents.tenant)
      .all(),
  );
  const given = byTenant(db.select({ tenant: reuses.tenant, value: count() }).from(reuses).groupBy(reuses.tenant).all());
  const received = byTenant(
    db.select({ tenant: documents.tenant, value: count() }).from(reuses).innerJoin(documents, eq(documents.id, reuses.documentId)).groupBy(documents.tenant).all(),
  );
  const docActivity = byTenant(db.select({ tenant: documents.tenant, value: max(documents.updatedAt) }).from(documents).groupBy(documents.tenant).all());
  const reuseActivity = byTenant(db.select({ tenant: reuses.tenant, value: max(reuses.updatedAt) }).from(reuses).groupBy(reuses.tenant).all());
  return listTenants().map((t) => {
    const byStatus: Record<DocumentStatus, number> = { entwurf: 0, in_pruefung: 0, veroeffentlicht: 0, archiviert: 0 };
    for (const d of docs) if (d.tenant === t.slug) byStatus[d.status] = d.n;
    const activity = [docActivity.get(t.slug), reuseActivity.get(t.slug)].filter((x): x is string => !!x).sort();
    return {
      slug: t.slug,
      name: t.name,
      members: members.get(t.slug) ?? 0,
      documents: byStatus,
      overdueReviews: overdue.get(t.slug) ?? 0,
      reusesGiven: given.get(t.slug) ?? 0,
      reusesReceived: received.get(t.slug) ?? 0,
      lastActivity: activity.at(-1) ?? null,
    };
  });
}

/** The figures as CSV (semicolon-separated, as German spreadsheet programs open it), with a header row. */
export function tenantStatsCsv(stats: TenantStats[]): string {
  const header = ['Kommune', 'Kürzel', 'Mitglieder', 'Veröffentlicht', 'In Prüfung', 'Entwürfe', 'Archiviert', 'Prüfung überfällig', 'Nachnutzungen gegeben', 'Nachnutzungen erhalten', 'Letzte Aktivität'];
  const cell = (v: string | number) => {
    const s = String(v);
    // Quote what would break the row; a leading = + - @ would start a formula in a spreadsheet.
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return /[;"\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const rows = stats.map((s) =>
    [s.name, s.slug, s.members, s.documents.veroeffentlicht, s.documents.in_pruefung, s.documents.entwurf, s.documents.archiviert, s.overdueReviews, s.reusesGiven, s.reusesReceived, s.lastActivity ?? ''].map(cell).join(';'),
  );
  // A BOM so that Excel reads the umlauts as UTF-8.
  return `\uFEFF${[header.map(cell).join(';'), ...rows].join('\r\n')}\r\n`;
}
