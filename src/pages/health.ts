import type { APIRoute } from 'astro';
import { getDb } from '../lib/db/client';

/** For monitoring: 200 while the database answers, 503 otherwise. */
export const GET: APIRoute = () => {
  const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };
  try {
    getDb().$client.prepare('SELECT 1').get();
    return new Response(JSON.stringify({ status: 'ok', database: 'ok' }), { headers });
  } catch {
    return new Response(JSON.stringify({ status: 'error', database: 'unavailable' }), { status: 503, headers });
  }
};
