import type { APIRoute } from 'astro';
import { checkDatabaseHealth } from '../lib/ops/health';

/** For monitoring: 200 while the database answers, 503 otherwise. Public, no personal data. */
export const GET: APIRoute = () => {
  const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };
  const ok = checkDatabaseHealth();
  return new Response(JSON.stringify(ok ? { status: 'ok', database: 'ok' } : { status: 'error', database: 'unavailable' }), { status: ok ? 200 : 503, headers });
};
