import { apiEndpoint } from '../../../lib/api/route';
import { readParameters } from '../../../lib/api/params';
import { jsonResponse } from '../../../lib/api/respond';
import { openApiDocument } from '../../../lib/api/openapi';
import { getConfig } from '../../../lib/config';

/** The OpenAPI 3.1 description of the read API (public, the same for everybody). */
export const { GET, HEAD } = apiEndpoint(({ request, url, locals }) => {
  readParameters(url, []);
  return jsonResponse(request, openApiDocument(getConfig().origin), { personal: locals.apiToken !== null });
});
