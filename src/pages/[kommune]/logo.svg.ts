import type { APIRoute } from 'astro';
import { findTenant } from '../../lib/tenants/registry';

export const GET: APIRoute = ({ params }) => {
  const tenant = findTenant(params['kommune'] ?? '');
  if (!tenant) return new Response(null, { status: 404 });
  return new Response(tenant.logoSvg, {
    headers: {
      'Content-Type': 'image/svg+xml; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
      // Opened directly, the SVG may do nothing but draw.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    },
  });
};
