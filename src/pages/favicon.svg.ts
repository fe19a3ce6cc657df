import type { APIRoute } from 'astro';
import { getKreis } from '../lib/tenants/registry';

export const GET: APIRoute = () =>
  new Response(getKreis().logoSvg, { headers: { 'Content-Type': 'image/svg+xml; charset=utf-8', 'Cache-Control': 'public, max-age=3600' } });
