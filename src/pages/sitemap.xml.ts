import type { APIRoute } from 'astro';
import { getConfig } from '../lib/config';
import { buildSitemap } from '../lib/documents/sitemap';

/** Sitemap of everything an anonymous visitor may read. */
export const GET: APIRoute = () =>
  new Response(buildSitemap(getConfig().origin), { headers: { 'Content-Type': 'application/xml; charset=utf-8', 'Cache-Control': 'public, max-age=3600' } });
