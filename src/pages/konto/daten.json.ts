import type { APIRoute } from 'astro';
import { requireSignedIn } from '../../lib/auth/guards';
import { exportPersonalData } from '../../lib/auth/account';

/** DSGVO export of everything held about the signed-in person. */
export const GET: APIRoute = ({ locals }) => {
  const viewer = requireSignedIn(locals);
  return new Response(JSON.stringify(exportPersonalData(viewer.id), null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="wissensnetz-meine-daten.json"`,
      'Cache-Control': 'private, no-store',
    },
  });
};
