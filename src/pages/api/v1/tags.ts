import { apiEndpoint } from '../../../lib/api/route';
import { readParameters } from '../../../lib/api/params';
import { jsonResponse } from '../../../lib/api/respond';
import { origin } from '../../../lib/api/serialize';
import { countTags } from '../../../lib/documents/tags';

/** Tags of the Beiträge the caller may read, most used first. */
export const { GET, HEAD } = apiEndpoint(({ request, url, locals }) => {
  readParameters(url, []);
  const items = countTags(locals.viewer).map((t) => ({
    key: t.key,
    label: t.label,
    beitraege: t.count,
    apiUrl: `${origin()}/api/v1/beitraege?tag=${encodeURIComponent(t.key)}`,
  }));
  return jsonResponse(request, { items }, { personal: locals.apiToken !== null });
});
