/**
 * The client's address. X-Forwarded-For is believed only when the direct peer is a
 * configured trusted proxy, and then its right-most untrusted entry is taken.
 */
export function resolveClientIp(peer: string, forwardedFor: string | null, trusted: readonly string[]): string {
  const normalise = (ip: string) => ip.trim().replace(/^::ffff:/, '');
  const direct = normalise(peer);
  if (!forwardedFor || !trusted.includes(direct)) return direct;
  const hops = forwardedFor.split(',').map(normalise).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!trusted.includes(hops[i]!)) return hops[i]!;
  }
  return direct;
}
