import type { APIRoute } from 'astro';
import { requireAuditReader } from '../lib/auth/guards';
import { parseAuditFilter } from '../lib/audit/filter';
import { exportAudit } from '../lib/audit/log';
import { auditCsv } from '../lib/audit/csv';
import { findTenant, listTenants } from '../lib/tenants/registry';

/** The audit log (the viewer's scope, with the page's filters) as CSV for the data-protection officer. */
export const EXPORT_LIMIT = 100_000;

export const GET: APIRoute = ({ locals, url }) => {
  const { scope } = requireAuditReader(locals, listTenants().map((t) => t.slug));
  const { filter } = parseAuditFilter(url.searchParams, scope);
  const csv = auditCsv(exportAudit(scope, filter, EXPORT_LIMIT), (slug) => findTenant(slug)?.name ?? slug);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="sicherheitsprotokoll-${day}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
};
