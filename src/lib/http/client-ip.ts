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

// Warned once per process: a client may send the header to spoof, but a proxy that is not
// configured as trusted makes every visitor share its address (sign-in throttling, audit log).
const warned = { done: false };

/** The operator's warning (English) for the first X-Forwarded-For from a peer we do not trust; null otherwise. */
export function untrustedForwardingWarning(peer: string, forwardedFor: string | null, trusted: readonly string[]): string | null {
  if (warned.done || !forwardedFor || isTrustedPeer(peer, trusted)) return null;
  warned.done = true;
  const address = normalise(peer);
  return JSON.stringify({
    t: new Date().toISOString(),
    level: 'warn',
    event: 'untrusted-forwarded-for',
    message: `A request from ${address} carried X-Forwarded-For, which is ignored because ${address} is not in WISSENSNETZ_TRUSTED_PROXY. If a reverse proxy runs there, all clients share its address: the per-address sign-in limit then locks everybody at once. Set WISSENSNETZ_TRUSTED_PROXY=${address} if that proxy replaces the header.`,
  });
}
