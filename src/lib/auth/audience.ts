import { sessionCookieName } from './cookie';
import { liveSession, peekSession } from './session';
import { loadViewer, type Viewer } from './viewer';
import { mustEnrol } from './second-factor';

/**
 * The audience of a signed-in person: everything a page shared with an audience may depend
 * on. Visibility (visibility.ts) and every right (viewer.ts, permissions.ts) follow from the
 * memberships and their roles alone — being Kreis admin is one of them — so two people with
 * the same memberships see the same Beiträge, lists and buttons.
 */
export function audienceOf(viewer: Viewer): string {
  const entries = Object.entries(viewer.memberships).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `angemeldet:${entries.map(([tenant, role]) => `${tenant}=${role}`).join(',')}`;
}

/** The value of one cookie in a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * The signed-in person behind a Cookie header, when serving them needs no write (see
 * peekSession); null otherwise — then the app handles the request and does what is due.
 */
export function viewerFromCookies(header: string | undefined): Viewer | null {
  const token = readCookie(header, sessionCookieName());
  if (!token) return null;
  const session = peekSession(token);
  const viewer = session ? loadViewer(session.userId) : null;
  // Someone who must first set up a second factor gets no shared page: the app sends them there.
  return viewer && !mustEnrol(viewer, session!) ? viewer : null;
}

/**
 * The signed-in person behind a Cookie header, read without renewing the session: for
 * decisions taken before the app runs (how much of a body to accept). Null when signed out.
 */
export function signedInViewer(header: string | undefined): Viewer | null {
  const token = readCookie(header, sessionCookieName());
  if (!token) return null;
  const session = liveSession(token);
  return session ? loadViewer(session.userId) : null;
}
