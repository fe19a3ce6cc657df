import type { APIContext, APIRoute } from 'astro';
import { HttpError } from '../http/errors';
import { ApiProblem, problemResponse } from './problem';

/**
 * An API endpoint: answers GET and HEAD with the same handler (Node sends no body for HEAD),
 * and turns thrown problems into problem documents. Guards still run first in the handler.
 */
export function apiEndpoint(handler: (context: APIContext) => Response | Promise<Response>): { GET: APIRoute; HEAD: APIRoute } {
  const run: APIRoute = async (context) => {
    try {
      return await handler(context);
    } catch (err) {
      if (err instanceof ApiProblem) return problemResponse(err, context.url.pathname);
      if (err instanceof HttpError && err.status === 404) {
        return problemResponse(new ApiProblem('not-found', 'Das Gesuchte gibt es nicht, oder Sie dürfen es nicht lesen.'), context.url.pathname);
      }
      throw err;
    }
  };
  return { GET: run, HEAD: run };
}
