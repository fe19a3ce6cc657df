import type { AstroCookies } from 'astro';
import { getConfig } from '../config';

/** `__Host-` needs Secure, so the prefix is used only when the hub runs on https. */
export function sessionCookieName(): string {
  return getConfig().secure ? '__Host-wn_session' : 'wn_session';
}

export function setSessionCookie(cookies: AstroCookies, token: string, expiresAt: number): void {
  cookies.set(sessionCookieName(), token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: getConfig().secure,
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(cookies: AstroCookies): void {
  cookies.set(sessionCookieName(), '', { httpOnly: true, sameSite: 'lax', path: '/', secure: getConfig().secure, maxAge: 0 });
}
