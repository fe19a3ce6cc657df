import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTenants } from '../../../src/lib/tenants/load';
import { checkProviderSecrets, mappedRole, OidcSecretMissing, secretVariable } from '../../../src/lib/oidc/settings';

const REAL = path.resolve(import.meta.dirname, '../../../tenants');
let dir: string;

function withOidc(slug: string, oidc: unknown): void {
  const file = path.join(dir, `${slug}.json`);
  fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), anmeldung: { oidc } }));
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-oidc-tenants-'));
  fs.cpSync(REAL, dir, { recursive: true });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const valid = { issuer: 'https://login.example.de/realms/duelmen', clientId: 'wissensnetz', label: 'Mit Dienstkonto der Stadt Dülmen anmelden' };

describe('the anmeldung.oidc block of a tenant file', () => {
  it('accepts the example of the documentation', () => {
    withOidc('duelmen', { ...valid, rollen: { claim: 'groups', redakteur: 'WN-Redaktion', admin: 'WN-Admin' } });
    const duelmen = loadTenants(dir).find((t) => t.slug === 'duelmen')!;
    expect(duelmen.anmeldung?.oidc?.issuer).toBe(valid.issuer);
  });

  it.each([
    ['an issuer over plain http to another host', { ...valid, issuer: 'http://login.example.de/realms/duelmen' }, 'anmeldung.oidc.issuer'],
    ['an issuer with a query', { ...valid, issuer: 'https://login.example.de/?realm=x' }, 'anmeldung.oidc.issuer'],
    ['a missing client id', { issuer: valid.issuer, label: valid.label }, 'anmeldung.oidc.clientId'],
    ['a secret in the file', { ...valid, clientSecret: 'geheim' }, 'anmeldung.oidc'],
    ['a role mapping without any group', { ...valid, rollen: { claim: 'groups' } }, 'anmeldung.oidc.rollen'],
    ['an empty label', { ...valid, label: ' ' }, 'anmeldung.oidc.label'],
  ])('refuses %s, naming file and field', (_what, oidc, field) => {
    withOidc('duelmen', oidc);
    expect(() => loadTenants(dir)).toThrow(new RegExp(`duelmen\\.json: field "${field.replace(/\./g, '\\.')}`));
  });
});

describe('secretVariable', () => {
  it('upper-cases the slug and writes - as _', () => expect(secretVariable('kreis-coesfeld')).toBe('WISSENSNETZ_OIDC_SECRET_KREIS_COESFELD'));
});

describe('checkProviderSecrets', () => {
  it('names the variable a configured provider lacks', () => {
    withOidc('kreis-coesfeld', valid);
    const tenants = loadTenants(dir);
    expect(() => checkProviderSecrets(tenants, {})).toThrow(OidcSecretMissing);
    expect(() => checkProviderSecrets(tenants, {})).toThrow(/WISSENSNETZ_OIDC_SECRET_KREIS_COESFELD/);
    expect(() => checkProviderSecrets(tenants, { WISSENSNETZ_OIDC_SECRET_KREIS_COESFELD: 's' })).not.toThrow();
  });

  it('asks nothing of Kommunen without provider', () => expect(() => checkProviderSecrets(loadTenants(REAL), {})).not.toThrow());
});

describe('mappedRole', () => {
  const settings = { rollen: { claim: 'groups', redakteur: 'WN-Redaktion', admin: 'WN-Admin' } };
  it('gives admin over redakteur when both groups are there', () => expect(mappedRole(settings, { groups: ['WN-Redaktion', 'WN-Admin'] })).toBe('admin'));
  it('reads a single string claim', () => expect(mappedRole(settings, { groups: 'WN-Redaktion' })).toBe('redakteur'));
  it('gives Mitarbeiter:in without a matching group', () => expect(mappedRole(settings, { groups: ['andere'] })).toBe('mitarbeiter'));
  it('ignores values that are not strings', () => expect(mappedRole(settings, { groups: [{ name: 'WN-Admin' }] })).toBe('mitarbeiter'));
  it('maps nothing without a mapping', () => expect(mappedRole({}, { groups: ['WN-Admin'] })).toBeNull());
});
