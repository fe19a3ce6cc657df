import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { pageCacheKey } from '../../../src/lib/http/page-cache';

const request = (method: string, url: string, headers: http.IncomingHttpHeaders = {}) => ({ method, url, headers: { host: 'wissen.example', ...headers } }) as http.IncomingMessage;

describe('pageCacheKey', () => {
  it('keys an anonymous GET by host, path and query', () => {
    expect(pageCacheKey(request('GET', '/duelmen/?seite=2'))).toBe('wissen.example/duelmen/?seite=2');
    expect(pageCacheKey(request('GET', '/', { host: 'portal.duelmen.example' }))).toBe('portal.duelmen.example/');
  });

  it('never lets a request with a cookie or credentials, or any other method, near the cache', () => {
    expect(pageCacheKey(request('GET', '/', { cookie: 'wn_session=abc' }))).toBeNull();
    expect(pageCacheKey(request('GET', '/', { cookie: 'irgendwas=1' }))).toBeNull();
    expect(pageCacheKey(request('GET', '/', { authorization: 'Basic eDp5' }))).toBeNull();
    expect(pageCacheKey(request('POST', '/anmelden'))).toBeNull();
    expect(pageCacheKey(request('HEAD', '/'))).toBeNull();
  });

  it('leaves out the search page, which changes with each index build rather than with the database', () => {
    expect(pageCacheKey(request('GET', '/suche'))).toBeNull();
    expect(pageCacheKey(request('GET', '/suche?q=Schule'))).toBeNull();
    expect(pageCacheKey(request('GET', '/suche/daten/x.pf_meta'))).toBeNull();
    expect(pageCacheKey(request('GET', '/suchen-und-finden'))).toBe('wissen.example/suchen-und-finden');
  });
});
