import type { APIRoute } from 'astro';
import { notFound } from '../../../lib/http/errors';
import { requireTenantParam } from '../../../lib/tenants/route';
import { canReadVersion, findVersionForDownload } from '../../../lib/files/artefacts';
import { downloadResponse } from '../../../lib/files/download';

/**
 * Downloads one version of a file. Visibility is the owning Beitrag's, decided by
 * documents/visibility.ts; whoever may not read it gets the same 404 as for a file
 * that does not exist, so nothing about hidden files leaks. A version waiting for review is
 * only for the Kommune's editors and reviewers.
 */
const serve: APIRoute = ({ params, request, locals }) => {
  const tenant = requireTenantParam({ params });
  const id = /^\d{1,12}$/.test(params['id'] ?? '') ? Number(params['id']) : NaN;
  const found = Number.isNaN(id) ? undefined : findVersionForDownload(id);
  if (!found || found.document.tenant !== tenant.slug || !canReadVersion(locals.viewer, found.document, found.version)) throw notFound();
  return downloadResponse(request, found.version);
};

export const GET = serve;
export const HEAD = serve;
