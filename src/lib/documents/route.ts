import type { AstroGlobal } from 'astro';
import { notFound } from '../http/errors';
import { requireTenantParam } from '../tenants/route';
import type { Tenant } from '../tenants/schema';
import { findDocument } from './revisions';
import type { DocumentRow } from './store';

export type DocumentRoute = { tenant: Tenant; doc: DocumentRow; redirect?: undefined } | { redirect: string };

/**
 * The Beitrag named by the `kommune` and `slug` route parameters. A former slug
 * yields a redirect to the same sub-page under the current slug; unknown is 404.
 * Whether the viewer may see it is decided by the page (visibility.ts).
 */
export function resolveDocumentParam(astro: Pick<AstroGlobal, 'params' | 'url'>): DocumentRoute {
  const tenant = requireTenantParam(astro);
  const slug = astro.params['slug'] ?? '';
  const found = findDocument(tenant.slug, slug);
  if (!found) throw notFound();
  if ('redirectTo' in found) {
    const prefix = `/${tenant.slug}/beitraege/${encodeURIComponent(slug)}`;
    const rest = astro.url.pathname.startsWith(prefix) ? astro.url.pathname.slice(prefix.length) : '';
    return { redirect: `/${tenant.slug}/beitraege/${found.redirectTo}${rest}${astro.url.search}` };
  }
  return { tenant, doc: found.doc };
}

export function documentPath(doc: Pick<DocumentRow, 'tenant' | 'slug'>, sub = ''): string {
  return `/${doc.tenant}/beitraege/${doc.slug}${sub ? `/${sub}` : ''}`;
}
