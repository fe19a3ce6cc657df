import type { AstroGlobal } from 'astro';
import { notFound } from '../http/errors';
import { requireTenantParam } from '../tenants/route';
import type { Tenant } from '../tenants/schema';
import { findDocument, latestRevision, liveRevision } from './revisions';
import type { DocumentRow, RevisionRow } from './store';
import { canReadDocument, canSeeEditorial } from './visibility';
import type { Viewer } from '../auth/viewer';

export type DocumentRoute = { tenant: Tenant; doc: DocumentRow; redirect?: undefined } | { redirect: string };

/**
 * The Beitrag named by the `kommune` and `slug` route parameters. A former slug
 * yields a redirect to the same sub-page under the current slug; unknown is 404.
 * Whether the viewer may see it is decided by the page (visibility.ts); a former slug
 * redirects only people who may see the Beitrag, since the new slug spells its title.
 */
export function resolveDocumentParam(astro: Pick<AstroGlobal, 'params' | 'url' | 'locals'>): DocumentRoute {
  const tenant = requireTenantParam(astro);
  const slug = astro.params['slug'] ?? '';
  const found = findDocument(tenant.slug, slug);
  if (!found) throw notFound();
  if ('redirectTo' in found) {
    const current = findDocument(tenant.slug, found.redirectTo);
    const viewer = astro.locals.viewer;
    if (!current || !('doc' in current) || (!canReadDocument(viewer, current.doc) && !canSeeEditorial(viewer, current.doc))) throw notFound();
    const prefix = `/${tenant.slug}/beitraege/${encodeURIComponent(slug)}`;
    const rest = astro.url.pathname.startsWith(prefix) ? astro.url.pathname.slice(prefix.length) : '';
    return { redirect: `/${tenant.slug}/beitraege/${found.redirectTo}${rest}${astro.url.search}` };
  }
  return { tenant, doc: found.doc };
}

export function documentPath(doc: Pick<DocumentRow, 'tenant' | 'slug'>, sub = ''): string {
  return `/${doc.tenant}/beitraege/${doc.slug}${sub ? `/${sub}` : ''}`;
}

/**
 * The revision a person is shown on the Beitrag page and its print view: readers see the
 * live revision, editors of a never-published Beitrag its newest draft; anyone else gets 404.
 */
export function shownRevision(viewer: Viewer | null, doc: DocumentRow): { readable: boolean; editorial: boolean; revision: RevisionRow } {
  const readable = canReadDocument(viewer, doc);
  const editorial = canSeeEditorial(viewer, doc);
  if (!readable && !editorial) throw notFound();
  return { readable, editorial, revision: readable ? liveRevision(doc)! : latestRevision(doc) };
}
