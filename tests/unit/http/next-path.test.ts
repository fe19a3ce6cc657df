import { describe, expect, it } from 'vitest';
import { safeNextPath, signInHref } from '../../../src/lib/http/next-path';
import { REDIRECT_BYPASSES } from '../../fixtures/redirect-bypasses';

/** Where a browser on the hub would go when handed this Location. */
const landsOn = (location: string, origin: string) => new URL(location, origin).origin;

describe('safeNextPath', () => {
  for (const origin of ['http://localhost:4321', 'https://wissen.kreis-coesfeld.example']) {
    describe(`on ${origin}`, () => {
      it.each(REDIRECT_BYPASSES)('never leaves the hub for %j', (next) => {
        const target = safeNextPath(next, '/', origin);
        expect(target.startsWith('/')).toBe(true);
        expect(target.startsWith('//')).toBe(false);
        expect(target.startsWith('/\\')).toBe(false);
        expect(landsOn(target, origin)).toBe(new URL(origin).origin);
      });
    });
  }

  it('sends the normalised scheme-relative forms to the fallback, not to a path that looks like a host', () => {
    for (const next of ['/.//evil.example/x', '/..//evil.example/x', '/%2e//evil.example/x', '/a/..//evil.example/x']) {
      expect(safeNextPath(next, '/start', 'https://hub.example')).toBe('/start');
    }
  });

  it('keeps encoded slashes encoded (%2f, %252f): they stay one path segment on the hub', () => {
    expect(safeNextPath('/%2f%2fevil.example', '/', 'https://hub.example')).toBe('/%2f%2fevil.example');
    expect(safeNextPath('/%252f%252fevil.example', '/', 'https://hub.example')).toBe('/%252f%252fevil.example');
  });

  it('keeps a local path with query and fragment', () => expect(safeNextPath('/duelmen/?seite=2#liste', '/', 'https://hub.example')).toBe('/duelmen/?seite=2#liste'));
  it('keeps umlauts, percent-encoded as a browser would send them', () => expect(safeNextPath('/themenfelder/mobilität', '/', 'https://hub.example')).toBe('/themenfelder/mobilit%C3%A4t'));
  it('resolves dot segments that stay on the hub', () => expect(safeNextPath('/a/./b/../konto', '/', 'https://hub.example')).toBe('/a/konto'));
  it('refuses a local path that is too long to be real', () => expect(safeNextPath('/' + 'a'.repeat(2_001), '/', 'https://hub.example')).toBe('/'));
  it('refuses a missing value', () => expect(safeNextPath(null)).toBe('/'));
});

describe('signInHref', () => {
  it('carries the page asked for', () => expect(signInHref('/duelmen/beitraege/geheim')).toBe('/anmelden?next=%2Fduelmen%2Fbeitraege%2Fgeheim'));
  it('carries the query too', () => expect(signInHref('/suche?q=OGS')).toBe('/anmelden?next=%2Fsuche%3Fq%3DOGS'));
  it('never carries the error page or the sign-in page itself', () => {
    for (const path of ['/fehler', '/anmelden', '/anmelden?next=%2Fkonto', '/', '/abmelden']) expect(signInHref(path)).toBe('/anmelden');
  });
  it('drops a path that would lead elsewhere', () => expect(signInHref('//evil.example/x')).toBe('/anmelden'));
});
