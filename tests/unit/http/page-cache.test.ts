import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../../src/lib/auth/viewer';
import { audienceOf, readCookie } from '../../../src/lib/auth/audience';
import { pageCacheKey } from '../../../src/lib/http/page-cache';

const request = (method: string, url: string, headers: http.IncomingHttpHeaders = {}) => ({ method, url, headers: { host: 'wissen.example', ...headers } }) as http.IncomingMessage;
const person = (memberships: Viewer['memberships'], name = 'Erika Muster'): Viewer => ({ id: name, email: `${name}@example.org`, name, memberships, isKreisAdmin: memberships['kreis-coesfeld'] === 'admin' });
/** Stands in for the session lookup: the cookie "wn_session=<name>" belongs to that person. */
const people: Record<string, Viewer> = { erika: person({ duelmen: 'mitarbeiter' }), max: person({ duelmen: 'mitarbeiter' }, 'Max'), olga: person({ olfen: 'mitarbeiter' }, 'Olga') };
const lookup = (cookies: string | undefined) => people[readCookie(cookies, 'wn_session') ?? ''] ?? null;
const key = (req: http.IncomingMessage) => pageCacheKey(req, lookup)?.key ?? null;

describe('pageCacheKey', () => {
  it('keys an anonymous GET by host, path and query', () => {
    expect(key(request('GET', '/duelmen/?seite=2'))).toBe('anonym wissen.example/duelmen/?seite=2');
    expect(key(request('GET', '/', { host: 'portal.duelmen.example' }))).toBe('anonym portal.duelmen.example/');
  });

  it('keys every read API call without a token as anonymous (the API ignores cookies), and a call with a token not at all', () => {
    const anonymous = pageCacheKey(request('GET', '/api/v1/beitraege?kommune=duelmen'), lookup);
    expect(anonymous).toMatchObject({ key: 'anonym wissen.example/api/v1/beitraege?kommune=duelmen', api: true, viewer: null });
    expect(key(request('GET', '/api/v1/beitraege?kommune=duelmen', { cookie: 'wn_session=erika' }))).toBe(anonymous!.key);
    expect(key(request('GET', '/api/v1/beitraege', { authorization: 'Bearer wn_x' }))).toBeNull();
    expect(pageCacheKey(request('GET', '/api'), lookup)?.api).toBe(false);
  });

  it('keys a signed-in GET by the audience, so people with the same memberships share and others do not', () => {
    const erika = key(request('GET', '/', { cookie: 'wn_session=erika' }));
    expect(erika).toBe('angemeldet:duelmen=mitarbeiter wissen.example/');
    expect(key(request('GET', '/', { cookie: 'andere=1; wn_session=max' }))).toBe(erika);
    expect(key(request('GET', '/', { cookie: 'wn_session=olga' }))).not.toBe(erika);
    expect(key(request('GET', '/'))).not.toBe(erika);
  });

  it('names every membership and role in the audience, in a fixed order', () => {
    expect(audienceOf(person({ olfen: 'redakteur', duelmen: 'mitarbeiter' }))).toBe(audienceOf(person({ duelmen: 'mitarbeiter', olfen: 'redakteur' })));
    expect(audienceOf(person({ duelmen: 'redakteur' }))).not.toBe(audienceOf(person({ duelmen: 'mitarbeiter' })));
    expect(audienceOf(person({ duelmen: 'mitarbeiter', olfen: 'mitarbeiter' }))).not.toBe(audienceOf(person({ duelmen: 'mitarbeiter' })));
    expect(audienceOf(person({ 'kreis-coesfeld': 'admin' }))).not.toBe(audienceOf(person({ 'kreis-coesfeld': 'mitarbeiter' })));
  });

  it('never lets credentials, cookies without a live session, or any other method near the cache', () => {
    expect(key(request('GET', '/', { cookie: 'wn_session=unbekannt' }))).toBeNull();
    expect(key(request('GET', '/', { cookie: 'irgendwas=1' }))).toBeNull();
    expect(key(request('GET', '/', { authorization: 'Basic eDp5' }))).toBeNull();
    expect(key(request('GET', '/', { authorization: 'Basic eDp5', cookie: 'wn_session=erika' }))).toBeNull();
    expect(key(request('POST', '/anmelden'))).toBeNull();
    expect(key(request('POST', '/anmelden', { cookie: 'wn_session=erika' }))).toBeNull();
    expect(key(request('HEAD', '/'))).toBeNull();
  });

  it('stays out of the way when the session lookup fails (the app then answers with its error page)', () => {
    const failing = () => {
      throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    };
    expect(pageCacheKey(request('GET', '/', { cookie: 'wn_session=erika' }), failing)).toBeNull();
  });

  it('leaves out the search page, which changes with each index build rather than with the database', () => {
    expect(key(request('GET', '/suche'))).toBeNull();
    expect(key(request('GET', '/suche?q=Schule', { cookie: 'wn_session=erika' }))).toBeNull();
    expect(key(request('GET', '/suche/daten/x.pf_meta'))).toBeNull();
    expect(key(request('GET', '/suchen-und-finden'))).toBe('anonym wissen.example/suchen-und-finden');
  });
});
