import net from 'node:net';

// Which addresses the OParl fetcher may connect to: public unicast only. Everything a server
// of the district's own network, the machine itself or a cloud metadata service could sit
// behind is refused — checked on the address actually connected to, for every redirect hop.
const blocked = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of [
  ['::', 127], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001::', 23], ['2001:db8::', 32], ['2002::', 16],
  ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) blocked.addSubnet(prefix, bits, 'ipv6');

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d or ::ffff:xxxx:xxxx). */
function mappedIpv4(ip: string): string | null {
  const lower = ip.toLowerCase();
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower) ?? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return null;
  const a = parseInt(hex[1]!, 16);
  const b = parseInt(hex[2]!, 16);
  return `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
}

/** True for a public unicast address; false for private, loopback, link-local, reserved and anything unparsable. */
export function isPublicAddress(ip: string): boolean {
  const v4 = net.isIPv4(ip) ? ip : net.isIPv6(ip) ? mappedIpv4(ip) : null;
  if (v4) return !blocked.check(v4, 'ipv4');
  if (!net.isIPv6(ip)) return false;
  return !blocked.check(ip, 'ipv6');
}

// Names that never belong to a public server, refused before any DNS query is made.
const RESERVED_SUFFIXES = ['.example', '.invalid', '.test', '.localhost', '.local', '.internal', '.lan', '.home.arpa', '.intranet', '.corp'];

/** Whether a host name may be looked up at all (public DNS names with a dot, no reserved suffix). */
export function isLookupableHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (!host.includes('.') || host === 'localhost') return false;
  return !RESERVED_SUFFIXES.some((s) => host.endsWith(s) || host === s.slice(1));
}
