import type { APIRoute } from 'astro';
import { buildSitemap } from '../lib/documents/sitemap';

/** Sitemap of everything an anonymous visitor may read. */
export const GET: APIRoute = ({ url }) =>
  new Response(buildSitemap(url.origin), { headers: { 'Content-Type': 'application/xml; charset=utf-8', 'Cache-Control': 'public, max-age=3600' } });
