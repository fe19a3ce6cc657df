import { apiEndpoint } from '../../../lib/api/route';
import { readParameters } from '../../../lib/api/params';
import { jsonResponse } from '../../../lib/api/respond';
import { documentApiUrl, documentUrl, labelled, tenantRef } from '../../../lib/api/serialize';
import { TYPE_LABELS } from '../../../lib/documents/vocabulary';
import { reuseMatrix } from '../../../lib/reuse/matrix';
import { REUSE_STATUS_LABELS } from '../../../lib/reuse/vocabulary';
import { listTenants } from '../../../lib/tenants/registry';

/** Kommunen × Beiträge: who reuses what (on Beiträge the caller may read), the most reused first. */
export const { GET, HEAD } = apiEndpoint(({ request, url, locals }) => {
  readParameters(url, []);
  const rows = reuseMatrix(locals.viewer).map((row) => ({
    beitrag: {
      id: row.document.id,
      kommune: tenantRef(row.document.tenant),
      slug: row.document.slug,
      title: row.document.title,
      type: labelled(row.document.type, TYPE_LABELS),
      url: documentUrl(row.document.tenant, row.document.slug),
      apiUrl: documentApiUrl(row.document.tenant, row.document.slug),
    },
    cells: [...row.cells].map(([kommune, status]) => ({ kommune, status: labelled(status, REUSE_STATUS_LABELS) })),
    adopted: row.adopted,
    total: row.total,
  }));
  return jsonResponse(request, { kommunen: listTenants().map((t) => tenantRef(t.slug)), rows }, { personal: locals.apiToken !== null });
});
