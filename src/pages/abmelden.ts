import type { APIRoute } from 'astro';
import { clearSessionCookie } from '../lib/auth/cookie';
import { invalidateSession } from '../lib/auth/session';
import { writeAudit } from '../lib/audit/log';

/**
 * POST only: signing out changes state. Anonymous requests just land on the start page. After a
 * sign-in through a Kommune's provider the person is still signed in there: the next page offers
 * the provider's own sign-out (a link; the CSP's form-action keeps a form from leading there).
 */
export const POST: APIRoute = ({ locals, cookies, redirect }) => {
  const session = locals.session;
  if (session && locals.viewer) {
    invalidateSession(session.id);
    writeAudit({ action: 'abmeldung', actor: { id: locals.viewer.id, label: locals.viewer.email }, ip: locals.clientIp });
  }
  clearSessionCookie(cookies);
  return redirect(session?.method === 'sso' && session.ssoTenant ? `/abgemeldet?anbieter=${encodeURIComponent(session.ssoTenant)}` : '/', 303);
};
