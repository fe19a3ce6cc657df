import { apiEndpoint } from '../../../../../lib/api/route';
import { readParameters } from '../../../../../lib/api/params';
import { ApiProblem } from '../../../../../lib/api/problem';
import { jsonResponse, newest } from '../../../../../lib/api/respond';
import { documentJson } from '../../../../../lib/api/serialize';
import { findDocument, liveRevision } from '../../../../../lib/documents/revisions';
import { parseRevision } from '../../../../../lib/documents/store';
import { canReadDocument } from '../../../../../lib/documents/visibility';
import { listArtefacts } from '../../../../../lib/files/artefacts';
import { listReusesOf } from '../../../../../lib/reuse/reuses';
import { findTenant } from '../../../../../lib/tenants/registry';

const hidden = () => new ApiProblem('not-found', 'Diesen Beitrag gibt es nicht, oder Sie dürfen ihn nicht lesen.');

/** One published (or archived) Beitrag the caller may read; anything else is the same 404. */
export const { GET, HEAD } = apiEndpoint(({ request, url, params, locals, redirect }) => {
  readParameters(url, []);
  const tenant = findTenant(params['kommune'] ?? '');
  if (!tenant) throw hidden();
  const found = findDocument(tenant.slug, params['slug'] ?? '');
  if (!found) throw hidden();
  if ('redirectTo' in found) {
    const current = findDocument(tenant.slug, found.redirectTo);
    // Only those who may read it learn the new slug (it spells the new title).
    if (!current || !('doc' in current) || !canReadDocument(locals.viewer, current.doc)) throw hidden();
    return redirect(`/api/v1/beitraege/${tenant.slug}/${found.redirectTo}`, 301);
  }
  const { doc } = found;
  if (!canReadDocument(locals.viewer, doc)) throw hidden();
  const revision = liveRevision(doc);
  if (!revision) throw hidden();
  const { data, html } = parseRevision(revision);
  const files = listArtefacts(locals.viewer, doc);
  const reuses = listReusesOf(locals.viewer, doc);
  const lastModified = newest(doc.updatedAt, doc.publishedAt, ...files.flatMap((f) => [f.updatedAt, ...f.versions.map((v) => v.createdAt)]), ...reuses.map((r) => r.updatedAt));
  return jsonResponse(request, documentJson({ doc, data, bodyMd: revision.bodyMd, html, files, reuses }, locals.viewer), {
    personal: locals.apiToken !== null,
    lastModified,
    // Withdrawn reuse records and fetched council papers leave no newer date: rely on the ETag.
    lastModifiedIsExact: false,
  });
});
