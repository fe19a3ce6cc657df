import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowedMethods, allowedMethodsForPath, isKnownMethod, POST_ROUTES } from '../../../src/lib/http/methods';

const PAGES = path.resolve(import.meta.dirname, '../../../src/pages');

/** Every page file with the Astro route pattern it serves (index files serve their folder). */
function pageFiles(dir = PAGES, prefix = ''): { file: string; pattern: string }[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return pageFiles(full, `${prefix}/${entry.name}`);
    const name = entry.name.replace(/\.(astro|ts)$/, '');
    return [{ file: full, pattern: name === 'index' ? prefix || '/' : `${prefix}/${name}` }];
  });
}

describe('the method table', () => {
  it('lists exactly the routes whose files handle POST, with GET for pages and POST only for endpoints', () => {
    const handling = Object.fromEntries(
      pageFiles()
        .filter(({ file }) => /method === 'POST'|export const POST\b/.test(fs.readFileSync(file, 'utf8')))
        .map(({ file, pattern }) => [pattern, file.endsWith('.astro') ? ['GET', 'HEAD', 'POST'] : ['POST']]),
    );
    expect(POST_ROUTES).toEqual(handling);
  });
});

describe('allowedMethods', () => {
  it('gives read-only routes GET and HEAD', () => expect(allowedMethods('/[kommune]/')).toEqual(['GET', 'HEAD']));
  it('gives a POST-only action POST', () => expect(allowedMethods('/abmelden')).toEqual(['POST']));
});

describe('allowedMethodsForPath', () => {
  it.each([
    ['/anmelden', 'GET, HEAD, POST'],
    ['/anmelden/', 'GET, HEAD, POST'],
    ['/anmelden?next=/x', 'GET, HEAD, POST'],
    ['/duelmen/beitraege/ein-beitrag/dateien', 'GET, HEAD, POST'],
    ['/duelmen/beitraege/ein-beitrag/dateien/loeschen', 'POST'],
    ['/duelmen/beitraege/neu', 'GET, HEAD, POST'],
    ['/duelmen/', 'GET, HEAD'],
    ['/duelmen/beitraege/ein-beitrag/dateien/andere', 'GET, HEAD'],
    ['*', 'GET, HEAD'],
    ['/%FF', 'GET, HEAD'],
  ])('finds the route of %s', (url, allow) => expect(allowedMethodsForPath(url).join(', ')).toBe(allow));
});

describe('isKnownMethod', () => {
  it.each(['GET', 'HEAD', 'POST'])('knows %s', (m) => expect(isKnownMethod(m)).toBe(true));
  it.each(['TRACE', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'CONNECT', 'get', undefined])('refuses %s', (m) => expect(isKnownMethod(m)).toBe(false));
  it('knows OPTIONS only for the read API, which answers CORS preflights', () => {
    expect(isKnownMethod('OPTIONS', '/api/v1/beitraege?x=1')).toBe(true);
    expect(isKnownMethod('OPTIONS', '/apiary')).toBe(false);
    expect(isKnownMethod('OPTIONS', '/anmelden')).toBe(false);
    expect(allowedMethodsForPath('/api/v1/beitraege')).toEqual(['GET', 'HEAD', 'OPTIONS']);
  });
});
