import type { APIRoute } from 'astro';
import { getConfig } from '../../lib/config';
import { atomResponse, buildAtomFeed } from '../../lib/documents/feeds';
import { requireTenantParam } from '../../lib/tenants/route';

/** Public Atom feed of one Kommune (anonymous view, whoever asks). */
export const GET: APIRoute = (context) => {
  const tenant = requireTenantParam(context);
  return atomResponse(buildAtomFeed({ origin: getConfig().origin, path: `/${tenant.slug}/feed.xml`, title: `Wissensnetz – Beiträge von ${tenant.name}`, filter: { tenant: tenant.slug } }));
};
