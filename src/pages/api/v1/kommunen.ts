import { apiEndpoint } from '../../../lib/api/route';
import { readParameters } from '../../../lib/api/params';
import { jsonResponse } from '../../../lib/api/respond';
import { origin } from '../../../lib/api/serialize';
import { countDocumentsByTenant } from '../../../lib/documents/list';
import { listTenants } from '../../../lib/tenants/registry';

/** The administrations, the district first, with the number of Beiträge the caller may read. */
export const { GET, HEAD } = apiEndpoint(({ request, url, locals }) => {
  readParameters(url, []);
  const counts = countDocumentsByTenant(locals.viewer);
  const items = listTenants().map((t) => ({
    slug: t.slug,
    name: t.name,
    shortName: t.shortName,
    kind: t.kind,
    website: t.contact.website,
    beitraege: counts.get(t.slug) ?? 0,
    url: `${origin()}/${t.slug}/`,
    feedUrl: `${origin()}/${t.slug}/feed.xml`,
    apiUrl: `${origin()}/api/v1/beitraege?kommune=${t.slug}`,
  }));
  return jsonResponse(request, { items }, { personal: locals.apiToken !== null });
});
