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
