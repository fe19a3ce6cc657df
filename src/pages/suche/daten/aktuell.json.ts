import type { APIRoute } from 'astro';
import { searchClientConfig } from '../../../lib/search/client-config';

/**
 * The index bundles this session may search now. A search page left open asks before each
 * search, so it follows a rebuilt index instead of fetching files that are no longer served.
 */
export const GET: APIRoute = ({ locals }) => {
  const config = searchClientConfig(locals.viewer);
  return new Response(JSON.stringify({ bundles: config?.bundles ?? [] }), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'private, no-store' },
  });
};
