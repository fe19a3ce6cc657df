import type { APIRoute } from 'astro';
import { findTenant } from '../../lib/tenants/registry';

/** The tenant's colours as CSS variables: a file, so the CSP needs no inline styles. */
export const GET: APIRoute = ({ params }) => {
  const tenant = findTenant(params['kommune'] ?? '');
  if (!tenant) return new Response('/* unbekannte Kommune */', { status: 404, headers: { 'Content-Type': 'text/css; charset=utf-8' } });
  const { primary, onPrimary, accent } = tenant.colors;
  const css = `:root{--primary:${primary};--on-primary:${onPrimary};--accent:${accent};}\n`;
  return new Response(css, { headers: { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=300' } });
};
