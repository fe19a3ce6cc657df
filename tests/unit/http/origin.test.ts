import { describe, expect, it } from 'vitest';
import { isOriginAllowed } from '../../../src/lib/http/origin';
import { isTrustedPeer, resolveClientIp } from '../../../src/lib/http/client-ip';

describe('isOriginAllowed', () => {
  const own = ['http://127.0.0.1:4321'];
  it('lets reads through without an Origin', () => expect(isOriginAllowed('GET', null, own)).toBe(true));
  it('accepts a POST from the hub itself', () => expect(isOriginAllowed('POST', 'http://127.0.0.1:4321', own)).toBe(true));
  it('refuses a POST from another site', () => expect(isOriginAllowed('POST', 'https://evil.example', own)).toBe(false));
  it('refuses a POST without Origin', () => expect(isOriginAllowed('POST', null, own)).toBe(false));
  it('refuses "null" origins from sandboxed frames', () => expect(isOriginAllowed('DELETE', 'null', own)).toBe(false));
});

describe('resolveClientIp', () => {
  it('ignores X-Forwarded-For from an untrusted peer', () => expect(resolveClientIp('203.0.113.9', '1.2.3.4', [])).toBe('203.0.113.9'));
  it('takes the right-most untrusted hop behind a trusted proxy', () =>
    expect(resolveClientIp('10.0.0.2', '1.2.3.4, 198.51.100.7', ['10.0.0.2'])).toBe('198.51.100.7'));
  it('normalises IPv4-mapped addresses', () => expect(resolveClientIp('::ffff:127.0.0.1', null, [])).toBe('127.0.0.1'));
});

describe('isTrustedPeer', () => {
  it('believes only the configured proxies, also in their IPv4-mapped IPv6 form', () => {
    expect(isTrustedPeer('::ffff:127.0.0.1', ['127.0.0.1'])).toBe(true);
    expect(isTrustedPeer('127.0.0.1', [])).toBe(false);
    expect(isTrustedPeer('203.0.113.9', ['127.0.0.1'])).toBe(false);
    expect(isTrustedPeer(undefined, ['127.0.0.1'])).toBe(false);
  });
});
