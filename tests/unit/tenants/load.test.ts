import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTenants, TenantFileError } from '../../../src/lib/tenants/load';
import { contrastRatio } from '../../../src/lib/tenants/contrast';

const REAL = path.resolve(import.meta.dirname, '../../../tenants');
let dir: string;

function editTenant(slug: string, edit: (t: Record<string, any>) => void): void {
  const file = path.join(dir, `${slug}.json`);
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(data);
  fs.writeFileSync(file, JSON.stringify(data));
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-tenants-'));
  fs.cpSync(REAL, dir, { recursive: true });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('loadTenants', () => {
  it('loads the twelve administrations of Kreis Coesfeld, the district first', () => {
    const tenants = loadTenants(REAL);
    expect(tenants).toHaveLength(12);
    expect(tenants[0]!.slug).toBe('kreis-coesfeld');
    expect(tenants.map((t) => t.shortName)).toEqual(expect.arrayContaining(['Ascheberg', 'Billerbeck', 'Coesfeld', 'Dülmen', 'Havixbeck', 'Lüdinghausen', 'Nordkirchen', 'Nottuln', 'Olfen', 'Rosendahl', 'Senden']));
  });

  it('gives every administration colours with at least AA contrast for text', () => {
    for (const t of loadTenants(REAL)) expect(contrastRatio(t.colors.primary, t.colors.onPrimary)).toBeGreaterThanOrEqual(4.5);
  });

  it('names file and field when the name is missing', () => {
    editTenant('duelmen', (t) => delete t.name);
    expect(() => loadTenants(dir)).toThrow(TenantFileError);
    expect(() => loadTenants(dir)).toThrow(/duelmen\.json: field "name"/);
  });

  it('names file and field when a colour is malformed', () => {
    editTenant('senden', (t) => (t.colors.primary = 'blue'));
    expect(() => loadTenants(dir)).toThrow(/senden\.json: field "colors\.primary": muss eine Farbe/);
  });

  it('refuses colours whose contrast fails WCAG AA', () => {
    editTenant('olfen', (t) => (t.colors.onPrimary = t.colors.primary));
    expect(() => loadTenants(dir)).toThrow(/olfen\.json: field "colors\.onPrimary": contrast/);
  });

  it('refuses a logo with a script', () => {
    fs.writeFileSync(path.join(dir, 'havixbeck.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect(() => loadTenants(dir)).toThrow(/havixbeck\.json: field "logo"/);
  });

  it('refuses a file that is not JSON', () => {
    fs.writeFileSync(path.join(dir, 'nottuln.json'), '{ "slug": ');
    expect(() => loadTenants(dir)).toThrow(/nottuln\.json: not valid JSON/);
  });

  it('refuses a slug that does not match the file name', () => {
    editTenant('olfen', (t) => (t.slug = 'selm'));
    expect(() => loadTenants(dir)).toThrow(/olfen\.json: field "slug"/);
  });

  it('refuses a host name claimed by two administrations', () => {
    editTenant('olfen', (t) => (t.hosts = ['wissen.example.de']));
    editTenant('senden', (t) => (t.hosts = ['wissen.example.de']));
    expect(() => loadTenants(dir)).toThrow(/field "hosts": wissen\.example\.de is already used/);
  });

  it.each([
    ['a path after the host', 'https://www.duelmen.de/aktuelles'],
    ['a wildcard', 'https://*.duelmen.de'],
    ['no scheme', 'www.duelmen.de'],
    ['another scheme', 'ftp://www.duelmen.de'],
    ['a CSP keyword', "'self'"],
  ])('names file and field when an embedding website has %s', (_, origin) => {
    editTenant('duelmen', (t) => (t.embedOrigins = ['https://www.duelmen.de', origin]));
    expect(() => loadTenants(dir)).toThrow(/duelmen\.json: field "embedOrigins\.1"/);
  });

  it('accepts websites for embedding given as origins, and none at all', () => {
    editTenant('senden', (t) => (t.embedOrigins = ['https://www.senden-westfalen.de', 'http://127.0.0.1:8080']));
    const tenants = loadTenants(dir);
    expect(tenants.find((t) => t.slug === 'senden')!.embedOrigins).toEqual(['https://www.senden-westfalen.de', 'http://127.0.0.1:8080']);
    expect(tenants.find((t) => t.slug === 'olfen')!.embedOrigins).toEqual([]);
  });
});
