import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type TestServer, readServerDb } from './server';
import { expectAccessible, launchBrowser, openPage, visit, type CheckedPage } from './browser';
import { postForm, signIn, signInCookie } from './auth';
import { expectNoProblemsBesidesProviders, signInThroughProvider, tenantsWithProviders } from './sso';
import { freePort, startOidcProvider, type TestProvider } from '../fixtures/oidc-provider';
import { generateTOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';

// Sign-in with a Kommune's own identity provider, against real OpenID providers (node-oidc-provider)
// driven in Chromium: Dülmen's without role mapping, Coesfeld's with groups mapped to roles, and
// Senden's, which is down when the hub starts.

const DUELMEN = 'Mit Dienstkonto der Stadt Dülmen anmelden';
const COESFELD = 'Mit Dienstkonto der Stadt Coesfeld anmelden';
const SENDEN = 'Mit Dienstkonto der Gemeinde Senden anmelden';

let server: TestServer;
let browser: Browser;
let duelmen: TestProvider;
let coesfeld: TestProvider;
let senden: TestProvider | undefined;
let sendenPort: number;
let origins: string[];

beforeAll(async () => {
  const hubPort = await freePort();
  const hub = `http://localhost:${hubPort}`;
  const client = (slug: string) => ({ clientId: 'wissensnetz', clientSecret: `geheim-${slug}`, redirectUris: [`${hub}/anmelden/sso/${slug}/rueckkehr`], postLogoutRedirectUris: [`${hub}/`] });
  [duelmen, coesfeld, sendenPort] = await Promise.all([
    startOidcProvider({
      clients: [client('duelmen')],
      accounts: [
        { login: 'jana', email: 'jana.jit@duelmen.example', name: 'Jana Just-in-Time' },
        { login: 'wiederholt', email: 'wiederholt@duelmen.example', name: 'Wim Wiederholt' },
        { login: 'angreifer', email: 'angreifer@duelmen.example', name: 'Anton Angriff' },
        { login: 'gesperrt', email: 'gesperrt@duelmen.example', name: 'Greta Gesperrt' },
        { login: 'redakteurin', email: 'redakteur.duelmen@demo.wissensnetz.invalid', name: 'Dienstkonto der Redakteurin' },
      ],
    }),
    startOidcProvider({ clients: [client('coesfeld')], accounts: [{ login: 'ralf', email: 'ralf.rolle@coesfeld.example', name: 'Ralf Rolle', groups: ['WN-Redaktion'] }] }),
    freePort(),
  ]);
  const tenantsDir = tenantsWithProviders({
    duelmen: { issuer: duelmen.issuer, clientId: 'wissensnetz', label: DUELMEN },
    coesfeld: { issuer: coesfeld.issuer, clientId: 'wissensnetz', label: COESFELD, scopes: ['groups'], rollen: { claim: 'groups', redakteur: 'WN-Redaktion', admin: 'WN-Admin' } },
    senden: { issuer: `http://127.0.0.1:${sendenPort}`, clientId: 'wissensnetz', label: SENDEN },
  });
  [server, browser] = await Promise.all([
    startServer({
      env: {
        PORT: String(hubPort),
        WISSENSNETZ_TENANTS_DIR: tenantsDir,
        WISSENSNETZ_OIDC_SECRET_DUELMEN: 'geheim-duelmen',
        WISSENSNETZ_OIDC_SECRET_COESFELD: 'geheim-coesfeld',
        WISSENSNETZ_OIDC_SECRET_SENDEN: 'geheim-senden',
      },
    }),
    launchBrowser(),
  ]);
  expect(server.url).toBe(hub);
  origins = [duelmen.issuer, coesfeld.issuer, `http://127.0.0.1:${sendenPort}`];
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await Promise.all([duelmen?.stop(), coesfeld?.stop(), senden?.stop()]);
});

const db = <T>(fn: (d: Database.Database) => T): T => readServerDb(server, fn);
const usersWithEmail = (email: string) => db((d) => d.prepare('SELECT id, password_hash FROM users WHERE email = ?').all(email) as { id: string; password_hash: string | null }[]);
const rolesOf = (email: string) =>
  db((d) => Object.fromEntries((d.prepare('SELECT m.tenant, m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = ?').all(email) as { tenant: string; role: string }[]).map((r) => [r.tenant, r.role])));
const identitiesOf = (email: string) =>
  db((d) => d.prepare('SELECT i.issuer, i.subject, i.tenant FROM user_identities i JOIN users u ON u.id = i.user_id WHERE u.email = ?').all(email) as { issuer: string; subject: string; tenant: string }[]);
const auditActions = (email: string) => db((d) => (d.prepare('SELECT action FROM audit_log WHERE object = ? ORDER BY id').all(email) as { action: string }[]).map((r) => r.action));

async function fresh(width?: number): Promise<CheckedPage> {
  return openPage(browser, server.url, width ? { width } : {});
}

/** Whether the browser holds a session: /konto answers without sending it to the sign-in page. */
async function signedIn(checked: CheckedPage): Promise<boolean> {
  const res = await checked.page.request.get('/konto', { maxRedirects: 0 });
  return res.status() === 200;
}

describe('the sign-in page with identity providers', () => {
  it('offers one button per configured provider beside the password form, accessibly, at 320 px too', async () => {
    for (const width of [1280, 320]) {
      const checked = await fresh(width);
      await visit(checked.page, '/anmelden?next=%2Fredaktion');
      const links = checked.page.locator('main a.button');
      await expect(links.allTextContents()).resolves.toEqual([COESFELD, DUELMEN, SENDEN]);
      await expect(checked.page.getByRole('link', { name: DUELMEN }).getAttribute('href')).resolves.toBe('/anmelden/sso/duelmen?next=%2Fredaktion');
      await expect(checked.page.getByLabel('Passwort', { exact: true }).count()).resolves.toBe(1);
      const overflow = await checked.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expectNoProblemsBesidesProviders(checked, origins);
      await checked.context.close();
    }
  });

  it('answers 404 for a Kommune without provider', async () => {
    const res = await fetch(`${server.url}/anmelden/sso/olfen`, { redirect: 'manual' });
    expect(res.status).toBe(404);
  });
});

describe('accounts from the provider', () => {
  it('creates a Mitarbeiter:in of Dülmen at the first sign-in and returns to the page asked for', async () => {
    const checked = await fresh();
    await visit(checked.page, '/anmelden?next=%2Fkonto');
    await signInThroughProvider(checked.page, server.url, DUELMEN, 'jana');
    expect(new URL(checked.page.url()).pathname).toBe('/konto');
    await expectAccessible(checked.page);
    const main = (await checked.page.locator('main').textContent()) ?? '';
    expect(main).toContain('Jana Just-in-Time');
    expect(main).toContain('Stadt Dülmen: Mitarbeiter:in');
    expect(rolesOf('jana.jit@duelmen.example')).toEqual({ duelmen: 'mitarbeiter' });
    expect(identitiesOf('jana.jit@duelmen.example')).toEqual([{ issuer: duelmen.issuer, subject: 'jana', tenant: 'duelmen' }]);
    expect(usersWithEmail('jana.jit@duelmen.example')[0]!.password_hash).toBeNull();
    expect(auditActions('jana.jit@duelmen.example')).toEqual(['konto.sso-angelegt', 'anmeldung.sso']);
    expectNoProblemsBesidesProviders(checked, origins);
    await checked.context.close();
  });

  it('reuses the account at the second sign-in, in another browser', async () => {
    for (let i = 0; i < 2; i++) {
      const checked = await fresh();
      await visit(checked.page, '/anmelden');
      await signInThroughProvider(checked.page, server.url, DUELMEN, 'wiederholt');
      expect(await signedIn(checked)).toBe(true);
      await checked.context.close();
    }
    expect(usersWithEmail('wiederholt@duelmen.example')).toHaveLength(1);
    expect(identitiesOf('wiederholt@duelmen.example')).toHaveLength(1);
    expect(auditActions('wiederholt@duelmen.example')).toEqual(['konto.sso-angelegt', 'anmeldung.sso', 'anmeldung.sso']);
  });

  it('sets the role from the groups claim at each sign-in when the Kommune maps it', async () => {
    const expectRole = async (groups: string[], role: string, label: string) => {
      coesfeld.accounts.get('ralf')!.groups = groups;
      const checked = await fresh();
      await visit(checked.page, '/anmelden?next=%2Fkonto');
      await signInThroughProvider(checked.page, server.url, COESFELD, 'ralf');
      expect(rolesOf('ralf.rolle@coesfeld.example')).toEqual({ coesfeld: role });
      await expect(checked.page.locator('main').textContent()).resolves.toContain(`Stadt Coesfeld: ${label}`);
      await checked.context.close();
    };
    await expectRole(['WN-Redaktion'], 'redakteur', 'Redakteur:in');
    await expectRole(['WN-Redaktion', 'WN-Admin'], 'admin', 'Admin');
    await expectRole([], 'mitarbeiter', 'Mitarbeiter:in');
    expect(auditActions('ralf.rolle@coesfeld.example').filter((a) => a === 'rolle.sso-zugeordnet')).toHaveLength(2);
  });

  it('keeps a disabled account out, also through its provider', async () => {
    const first = await fresh();
    await visit(first.page, '/anmelden');
    await signInThroughProvider(first.page, server.url, DUELMEN, 'gesperrt');
    expect(await signedIn(first)).toBe(true);
    const admin = await signInCookie(server, server.account('duelmen', 'admin'));
    const userId = usersWithEmail('gesperrt@duelmen.example')[0]!.id;
    const disabled = await postForm(server, '/duelmen/mitglieder', { action: 'disable', user: userId, bestaetigt: 'ja' }, { cookie: admin });
    expect(disabled.status).toBe(200);
    // Disabling ended the session at once ...
    expect(await signedIn(first)).toBe(false);
    // ... and a new sign-in through the provider is refused, though the provider still vouches for her.
    await first.page.goto('/anmelden');
    await signInThroughProvider(first.page, server.url, DUELMEN, 'gesperrt');
    await expect(first.page.getByRole('alert').textContent()).resolves.toContain('Ihr Konto ist deaktiviert.');
    await expectAccessible(first.page);
    expect(await signedIn(first)).toBe(false);
    await first.context.close();
  });

  it('links an existing local account only after its password was typed once', async () => {
    const local = server.account('duelmen', 'redakteur');
    const checked = await fresh();
    await visit(checked.page, '/anmelden?next=%2Fkonto');
    await signInThroughProvider(checked.page, server.url, DUELMEN, 'redakteurin');
    expect(new URL(checked.page.url()).pathname).toBe('/anmelden/verknuepfen');
    await expectAccessible(checked.page);
    expect(await signedIn(checked)).toBe(false);
    expect(identitiesOf(local.email)).toEqual([]);

    await checked.page.getByLabel('Passwort Ihres Wissensnetz-Kontos').fill('nicht das passwort');
    await checked.page.getByRole('button', { name: 'Konto verbinden' }).click();
    await expect(checked.page.getByRole('alert').textContent()).resolves.toContain('Das Passwort ist nicht korrekt.');
    await expectAccessible(checked.page);
    expect(identitiesOf(local.email)).toEqual([]);

    await checked.page.getByLabel('Passwort Ihres Wissensnetz-Kontos').fill(local.password);
    await Promise.all([checked.page.waitForURL('**/konto'), checked.page.getByRole('button', { name: 'Konto verbinden' }).click()]);
    expect(usersWithEmail(local.email)).toHaveLength(1);
    expect(identitiesOf(local.email)).toEqual([{ issuer: duelmen.issuer, subject: 'redakteurin', tenant: 'duelmen' }]);
    expect(rolesOf(local.email)).toEqual({ duelmen: 'redakteur' });
    expect(auditActions(local.email)).toContain('konto.sso-verknuepft');
    await checked.context.close();

    // From now on the provider alone signs her in.
    const again = await fresh();
    await visit(again.page, '/anmelden?next=%2Fkonto');
    await signInThroughProvider(again.page, server.url, DUELMEN, 'redakteurin');
    expect(new URL(again.page.url()).pathname).toBe('/konto');
    await again.context.close();
  });
});

describe('linking an account protected by a second factor', () => {
  it('asks for the code as well as the password before linking', async () => {
    const local = server.account('duelmen', 'mitarbeiter');
    duelmen.accounts.set('mitarbeiterin', { login: 'mitarbeiterin', email: local.email, name: 'Dienstkonto der Mitarbeiterin' });
    // She sets up a second factor for her password sign-in first.
    const own = await fresh();
    await signIn(own.page, local);
    await visit(own.page, '/konto/zwei-faktor');
    await own.page.getByRole('button', { name: 'Zweiten Faktor einrichten' }).click();
    const secret = (await own.page.locator('[data-totp-secret]').textContent())!.replace(/\s/g, '');
    const key = decodeBase32IgnorePadding(secret);
    await own.page.getByLabel('Code aus der App').fill(generateTOTP(key, 30, 6));
    await own.page.getByRole('button', { name: 'Bestätigen und einrichten' }).click();
    await expect(own.page.getByRole('heading', { name: 'Ihre Wiederherstellungscodes' }).count()).resolves.toBe(1);
    const recovery = (await own.page.locator('.recovery-codes code').allTextContents())[0]!;
    await own.context.close();

    const checked = await fresh();
    await visit(checked.page, '/anmelden?next=%2Fkonto');
    await signInThroughProvider(checked.page, server.url, DUELMEN, 'mitarbeiterin');
    expect(new URL(checked.page.url()).pathname).toBe('/anmelden/verknuepfen');
    await expectAccessible(checked.page);
    // The password alone is not enough for this account.
    await checked.page.getByLabel('Passwort Ihres Wissensnetz-Kontos').fill(local.password);
    await checked.page.getByRole('button', { name: 'Konto verbinden' }).click();
    await expect(checked.page.getByRole('alert').textContent()).resolves.toContain('Der Code ist nicht korrekt');
    await expectAccessible(checked.page);
    expect(identitiesOf(local.email)).toEqual([]);
    await checked.page.getByLabel('Passwort Ihres Wissensnetz-Kontos').fill(local.password);
    await checked.page.getByLabel('Code aus der App oder Wiederherstellungscode').fill(recovery);
    await Promise.all([checked.page.waitForURL('**/konto'), checked.page.getByRole('button', { name: 'Konto verbinden' }).click()]);
    expect(identitiesOf(local.email)).toEqual([{ issuer: duelmen.issuer, subject: 'mitarbeiterin', tenant: 'duelmen' }]);
    await checked.context.close();
  });
});

describe('sign-out', () => {
  it('ends the local session and offers the provider\'s end-session endpoint', async () => {
    const checked = await fresh();
    await visit(checked.page, '/anmelden');
    await signInThroughProvider(checked.page, server.url, DUELMEN, 'jana');
    await checked.page.goto('/konto');
    await Promise.all([checked.page.waitForURL('**/abgemeldet**'), checked.page.getByRole('button', { name: 'Abmelden' }).first().click()]);
    await expectAccessible(checked.page);
    expect(await signedIn(checked)).toBe(false);
    const link = checked.page.getByRole('link', { name: 'Auch beim Anmeldedienst abmelden' });
    const href = new URL((await link.getAttribute('href'))!);
    expect(href.origin + href.pathname).toMatch(new RegExp(`^${duelmen.issuer}/session/end`));
    expect(href.searchParams.get('client_id')).toBe('wissensnetz');
    expect(href.searchParams.get('post_logout_redirect_uri')).toBe(`${server.url}/`);
    await checked.context.close();
  });
});

describe('attacks on the sign-in through a provider', () => {
  /** Signs in at Dülmen's provider, which holds back its answer to the hub; returns the answer's URL. */
  async function callbackUrl(checked: CheckedPage, login = 'angreifer'): Promise<URL> {
    const held = duelmen.holdNextCallback();
    await visit(checked.page, '/anmelden');
    await checked.page.getByRole('link', { name: DUELMEN }).click();
    await checked.page.waitForURL((u) => u.origin === duelmen.issuer);
    if (await checked.page.locator('input[name="login"]').count()) {
      await checked.page.locator('input[name="login"]').fill(login);
      await checked.page.locator('input[name="password"]').fill('beliebig');
      await checked.page.locator('button[type="submit"]').click();
    }
    return held;
  }

  async function expectRefused(checked: CheckedPage, url: URL, text: string): Promise<void> {
    const res = await checked.page.goto(url.href);
    expect(res?.status()).toBe(400);
    await expect(checked.page.getByRole('alert').textContent()).resolves.toContain(text);
    await expectAccessible(checked.page);
    expect(await signedIn(checked)).toBe(false);
  }

  it('refuses a wrong or missing state', async () => {
    const checked = await fresh();
    const url = await callbackUrl(checked);
    url.searchParams.set('state', 'gefaelscht');
    await expectRefused(checked, url, 'der Sicherheitswert „state“ fehlt oder stimmt nicht');

    const again = await callbackUrl(checked);
    again.searchParams.delete('state');
    await expectRefused(checked, again, 'der Sicherheitswert „state“ fehlt oder stimmt nicht');
    await checked.context.close();
  });

  it('refuses an answer without the flow this browser started', async () => {
    const checked = await fresh();
    const url = await callbackUrl(checked);
    const other = await fresh();
    await expectRefused(other, url, 'nicht in diesem Browser begonnen');
    await Promise.all([checked.context.close(), other.context.close()]);
  });

  it('refuses a replayed code, in the same flow and in a new one', async () => {
    const checked = await fresh();
    const url = await callbackUrl(checked);
    await checked.page.goto(url.href);
    expect(await signedIn(checked)).toBe(true);
    await checked.context.clearCookies();
    // The same answer again: its flow is finished.
    await expectRefused(checked, url, 'bereits abgeschlossen');
    // The old code smuggled into a new flow of this browser: the provider refuses it.
    const second = await callbackUrl(checked);
    second.searchParams.set('code', url.searchParams.get('code')!);
    await expectRefused(checked, second, 'Der Anmeldecode ist ungültig, abgelaufen oder wurde bereits verwendet.');
    await checked.context.close();
  });

  const forged: [string, (c: Record<string, unknown>) => Record<string, unknown>, string][] = [
    ['a wrong nonce', (c) => ({ ...c, nonce: 'eine-andere-nonce' }), 'der Sicherheitswert „nonce“ stimmt nicht'],
    ['an ID token from another issuer', (c) => ({ ...c, iss: 'https://login.anderer-anbieter.example/realms/fremd' }), 'wurde von einem anderen Aussteller ausgestellt'],
    ['an ID token for another audience', (c) => ({ ...c, aud: 'eine-andere-anwendung' }), 'wurde für eine andere Anwendung ausgestellt'],
    ['an expired ID token', (c) => ({ ...c, iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }), 'ist abgelaufen'],
  ];
  for (const [what, change, text] of forged) {
    it(`refuses ${what}, though signed with the provider's own key`, async () => {
      const checked = await fresh();
      duelmen.tamper({ claims: change as never });
      try {
        const url = await callbackUrl(checked);
        await expectRefused(checked, url, text);
      } finally {
        duelmen.tamper(null);
      }
      await checked.context.close();
    });
  }

  it('refuses an ID token signed with a key the provider does not publish', async () => {
    const checked = await fresh();
    duelmen.tamper({ foreignKey: true });
    try {
      await expectRefused(checked, await callbackUrl(checked), 'Die Unterschrift der Anmeldebestätigung ist ungültig.');
    } finally {
      duelmen.tamper(null);
    }
    await checked.context.close();
  });
});

describe('a provider that is down', () => {
  it('lets the hub start, shows a German error on its button, keeps password sign-in, and works once it is up', async () => {
    const checked = await fresh();
    await visit(checked.page, '/anmelden');
    await checked.page.getByRole('link', { name: SENDEN }).click();
    await checked.page.waitForLoadState('load');
    await expect(checked.page.getByRole('alert').textContent()).resolves.toContain(`Der Anmeldedienst „${SENDEN}“ ist gerade nicht erreichbar.`);
    await expectAccessible(checked.page);
    expect(server.output()).toContain('"event":"oidc-discovery-failed"');

    await signIn(checked.page, server.account('senden', 'mitarbeiter'));
    expect(await signedIn(checked)).toBe(true);
    await checked.context.close();

    senden = await startOidcProvider({
      port: sendenPort,
      clients: [{ clientId: 'wissensnetz', clientSecret: 'geheim-senden', redirectUris: [`${server.url}/anmelden/sso/senden/rueckkehr`] }],
      accounts: [{ login: 'spaet', email: 'spaet@senden.example', name: 'Siegfried Spät' }],
    });
    // A failure is remembered for a few seconds; then the next click tries again.
    const until = Date.now() + 60_000;
    for (;;) {
      const later = await fresh();
      await later.page.goto('/anmelden');
      await later.page.getByRole('link', { name: SENDEN }).click();
      await later.page.waitForLoadState('load');
      if (new URL(later.page.url()).origin === senden.issuer) {
        await later.page.locator('input[name="login"]').fill('spaet');
        await later.page.locator('input[name="password"]').fill('beliebig');
        await Promise.all([later.page.waitForURL((u) => u.origin === server.url), later.page.locator('button[type="submit"]').click()]);
        expect(rolesOf('spaet@senden.example')).toEqual({ senden: 'mitarbeiter' });
        await later.context.close();
        break;
      }
      await later.context.close();
      if (Date.now() > until) throw new Error('the provider was not discovered again within 60 s');
      await new Promise((r) => setTimeout(r, 1_000));
    }
  });
});

describe('start-up with providers', () => {
  it('fails naming file and field when a tenant file has an invalid oidc block', async () => {
    const tenantsDir = tenantsWithProviders({ olfen: { issuer: 'http://login.olfen.example/realms/olfen', clientId: 'wissensnetz', label: 'Olfen' } });
    await expect(startServer({ env: { WISSENSNETZ_TENANTS_DIR: tenantsDir, WISSENSNETZ_OIDC_SECRET_OLFEN: 'x' } })).rejects.toThrow(
      /Start-up failed: .*olfen\.json: field "anmeldung\.oidc\.issuer"/,
    );
  });

  it('fails naming the variable when a provider\'s secret is missing', async () => {
    const tenantsDir = tenantsWithProviders({ olfen: { issuer: 'https://login.olfen.example/realms/olfen', clientId: 'wissensnetz', label: 'Olfen' } });
    await expect(startServer({ env: { WISSENSNETZ_TENANTS_DIR: tenantsDir } })).rejects.toThrow(/Start-up failed: .*WISSENSNETZ_OIDC_SECRET_OLFEN/);
  });
});
