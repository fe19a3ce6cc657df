import type { AstroCookies } from 'astro';
import { getConfig } from '../config';
import { FLOW_TTL_MS } from './flow';

// The browser's half of a flow at the provider. SameSite=Lax: the provider sends the browser back
// with a top-level GET from its own site, which carries Lax cookies.
export function flowCookieName(): string {
  return getConfig().secure ? '__Host-wn_oidc' : 'wn_oidc';
}

export function setFlowCookie(cookies: AstroCookies, token: string): void {
  cookies.set(flowCookieName(), token, { httpOnly: true, sameSite: 'lax', path: '/', secure: getConfig().secure, maxAge: FLOW_TTL_MS / 1000 });
}

/** Reads and clears the flow cookie: a flow is finished once, whatever its outcome. */
export function takeFlowCookie(cookies: AstroCookies): string | null {
  const token = cookies.get(flowCookieName())?.value ?? null;
  if (token) cookies.set(flowCookieName(), '', { httpOnly: true, sameSite: 'lax', path: '/', secure: getConfig().secure, maxAge: 0 });
  return token;
}
