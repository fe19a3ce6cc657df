import type { APIRoute } from 'astro';
import { requireKreisAdmin } from '../../lib/auth/guards';
import { listTenantStats, tenantStatsCsv } from '../../lib/ops/tenant-stats';

/** The figures of /verwaltung/kommunen as a CSV file (Kreis admins only). */
export const GET: APIRoute = ({ locals }) => {
  requireKreisAdmin(locals);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(tenantStatsCsv(listTenantStats()), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="wissensnetz-kommunen-${day}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
};
