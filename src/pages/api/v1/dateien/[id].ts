import { apiEndpoint } from '../../../../lib/api/route';
import { readParameters } from '../../../../lib/api/params';
import { ApiProblem } from '../../../../lib/api/problem';
import { canReadFiles, findVersionForDownload } from '../../../../lib/files/artefacts';
import { downloadResponse } from '../../../../lib/files/download';

/**
 * A file version for API clients (the downloadUrl of a Beitrag's files): the same checks and
 * answer as /<kommune>/dateien/<id>, but the reader is the token's owner, not a browser session.
 */
export const { GET, HEAD } = apiEndpoint(({ request, url, params, locals }) => {
  readParameters(url, []);
  const id = /^\d{1,12}$/.test(params['id'] ?? '') ? Number(params['id']) : NaN;
  const found = Number.isNaN(id) ? undefined : findVersionForDownload(id);
  if (!found || !canReadFiles(locals.viewer, found.document)) throw new ApiProblem('not-found', 'Diese Datei gibt es nicht, oder Sie dürfen sie nicht lesen.');
  return downloadResponse(request, found.version);
});
