import type { AstroGlobal } from 'astro';
import { notFound } from '../http/errors';
import { findTenant, type Tenant } from './registry';

/** The tenant named by the route's `kommune` parameter; an unknown slug is a 404. */
export function requireTenantParam(astro: Pick<AstroGlobal, 'params'>): Tenant {
  const tenant = findTenant(astro.params['kommune'] ?? '');
  if (!tenant) throw notFound();
  return tenant;
}
