/**
 * The client's address. X-Forwarded-For is believed only when the direct peer is a
 * configured trusted proxy, and then its right-most untrusted entry is taken.
 */
const normalise = (ip: string) => ip.trim().replace(/^::ffff:/, '');

/** Whether the direct peer is one of the configured reverse proxies, whose headers are believed. */
export function isTrustedPeer(peer: string | undefined, trusted: readonly string[]): boolean {
  return peer !== undefined && trusted.includes(normalise(peer));
}

export function resolveClientIp(peer: string, forwardedFor: string | null, trusted: readonly string[]): string {
  const direct = normalise(peer);
  if (!forwardedFor || !isTrustedPeer(direct, trusted)) return direct;
  const hops = forwardedFor.split(',').map(normalise).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!trusted.includes(hops[i]!)) return hops[i]!;
  }
  return direct;
}
