const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a request may change state: safe methods always, others only with an
 * Origin header naming one of the hub's own origins (a missing Origin is refused).
 */
export function isOriginAllowed(method: string, originHeader: string | null, allowed: readonly string[]): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  if (!originHeader) return false;
  return allowed.includes(originHeader);
}

/** A `next=` target we may redirect to: a local absolute path, never another host. */
export function safeNextPath(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  try {
    const url = new URL(next, 'http://hub.invalid');
    if (url.host !== 'hub.invalid') return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}
