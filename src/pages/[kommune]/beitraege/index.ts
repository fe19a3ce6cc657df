import type { APIRoute } from 'astro';
import { requireTenantParam } from '../../../lib/tenants/route';

/** The Kommune page lists its Beiträge; this address just leads there. */
export const GET: APIRoute = (context) => context.redirect(`/${requireTenantParam(context).slug}/${context.url.search}`, 301);
