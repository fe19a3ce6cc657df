import { getConfig } from '../config';

// Controls (tabs and line breaks included: the URL parser would silently drop them) and
// whitespace other than the plain space have no place in a path we hand back.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/u;

/**
 * The one rule for every `next=` (return-to) target: only a path on this hub.
 *
 * The value is resolved against the hub's origin first and checked afterwards, because
 * normalisation is what attackers use: `/.//evil.example`, `/%2e%2e//evil.example` or
 * `/a/..//evil.example` all become `//evil.example`, which a browser reads as another host.
 * So: it must start with one `/`, resolve to the hub's own origin, and the resolved path must
 * not start with `//` or `/\`. Anything else gives `fallback`.
 */
export function safeNextPath(next: string | null | undefined, fallback = '/', origin = getConfig().origin): string {
  if (!next || next.length > 2_000 || !next.startsWith('/') || UNSAFE.test(next)) return fallback;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== new URL(origin).origin) return fallback;
  const path = url.pathname + url.search + url.hash;
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return fallback;
  return path;
}

/** Pages where a "come back here" after signing in makes no sense. */
const NO_RETURN = new Set(['/', '/anmelden', '/abmelden', '/fehler']);

/** The sign-in link for a visitor of `path` (path and query of the page they asked for). */
export function signInHref(path: string): string {
  const next = safeNextPath(path, '/');
  const bare = next.split(/[?#]/)[0]!;
  return NO_RETURN.has(bare) ? '/anmelden' : `/anmelden?next=${encodeURIComponent(next)}`;
}
