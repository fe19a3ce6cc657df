import { describe, expect, it } from 'vitest';
import { isLookupableHost, isPublicAddress } from '../../../src/lib/council/address-guard';

describe('isPublicAddress', () => {
  it.each(['8.8.8.8', '195.145.1.1', '2606:4700::1111', '::ffff:8.8.8.8'])('lets the public address %s through', (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });

  it.each([
    '127.0.0.1', '127.8.9.10', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0',
    '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fd12:3456::1', 'fc00::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1',
    '64:ff9b::a00:1', '2001:db8::1', 'not-an-ip',
  ])('refuses %s', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });
});

describe('isLookupableHost', () => {
  it('allows public DNS names', () => {
    expect(isLookupableHost('sessionnet.krz.de')).toBe(true);
  });

  it.each(['localhost', 'intranet', 'ratsinfo.example', 'x.localhost', 'nas.local', 'rat.test', 'foo.invalid', 'router.home.arpa'])('refuses %s without asking DNS', (host) => {
    expect(isLookupableHost(host)).toBe(false);
  });
});
