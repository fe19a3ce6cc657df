import type { APIRoute } from 'astro';
import { clearSessionCookie } from '../lib/auth/cookie';
import { invalidateSession } from '../lib/auth/session';
import { writeAudit } from '../lib/audit/log';

/** POST only: signing out changes state. Anonymous requests just land on the start page. */
export const POST: APIRoute = ({ locals, cookies, redirect }) => {
  if (locals.session && locals.viewer) {
    invalidateSession(locals.session.id);
    writeAudit({ action: 'abmeldung', actor: { id: locals.viewer.id, label: locals.viewer.email }, ip: locals.clientIp });
  }
  clearSessionCookie(cookies);
  return redirect('/', 303);
};
