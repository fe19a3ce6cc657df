import fs from 'node:fs';
import type { APIRoute } from 'astro';
import { resolveIndexFile } from '../../../lib/search/files';
import { HttpError, notFound } from '../../../lib/http/errors';

/** Search index files; non-public bundles only for sessions that may read them. */
export const GET: APIRoute = ({ params, locals, request }) => {
  const answer = resolveIndexFile(locals.viewer, params.path ?? '', /\bgzip\b/.test(request.headers.get('accept-encoding') ?? ''));
  if (answer.status === 403) throw new HttpError(403, 'Diesen Teil des Suchindex dürfen Sie nicht abrufen.');
  if (answer.status !== 200) throw notFound();
  return new Response(fs.readFileSync(answer.file), { headers: answer.headers });
};
