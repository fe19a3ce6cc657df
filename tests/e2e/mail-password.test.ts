import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { linkIn, type TestSmtp } from '../fixtures/smtp-server';
import { get, postForm, signInCookie } from './auth';
import { expectAccessible, expectNoProblems, launchBrowser, openPage, readable, visit } from './browser';
import { demo, expectNoMoreMail, startWithSmtp } from './mail';
import type { TestServer } from './server';
import { eq } from 'drizzle-orm';
import { closeDb, getDb } from '../../src/lib/db/client';
import { passwordResets, users } from '../../src/lib/db/schema';
import { useServerDatabase } from './search-data';

let server: TestServer;
let smtp: TestSmtp;
let browser: Browser;
beforeAll(async () => {
  [{ server, smtp }, browser] = await Promise.all([startWithSmtp(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.stop();
});

describe('Passwort vergessen', () => {
  it('a person asks for a link, sets a new password with it, and every old session ends', async () => {
    const account = server.account('olfen', 'mitarbeiter');
    // A session on another device, before the reset.
    const oldSession = await signInCookie(server, account);
    expect((await get(server, '/konto', oldSession)).status).toBe(200);

    const checked = await openPage(browser, server.url);
    const { page } = checked;
    await visit(page, '/anmelden');
    await Promise.all([page.waitForURL('**/passwort-vergessen'), page.getByRole('link', { name: 'Passwort vergessen?' }).click()]);
    await expectAccessible(page);
    await page.getByLabel('E-Mail-Adresse').fill(account.email);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Link anfordern' }).click()]);
    await expectAccessible(page);
    const answer = await page.locator('main').innerText().then(readable);
    expect(answer).toContain(`Wenn es zu ${account.email} ein Konto mit Passwort gibt`);

    const mail = await smtp.waitFor((m) => m.envelopeTo.includes(account.email), 30_000, 'reset mail');
    expect(mail.subject).toBe('Neues Passwort für das Wissensnetz festlegen');
    expect(mail.text).toContain('Sicherheitsmail');
    // A security mail: no one-click unsubscribe, and no other token than its own link.
    expect(mail.raw).not.toMatch(/^List-Unsubscribe/im);
    const link = linkIn(mail, server.url, '/passwort-neu?t=');
    expect(mail.text.match(/[a-z2-7]{32}/g)).toEqual([new URL(link).searchParams.get('t')]);

    await visit(page, link.slice(server.url.length));
    await page.locator('#password').fill('Frisches-Passwort-fuer-Olfen');
    await page.locator('#repeat').fill('Frisches-Passwort-fuer-Olfen');
    await Promise.all([page.waitForURL('**/anmelden?passwort=neu'), page.getByRole('button', { name: 'Passwort speichern' }).click()]);
    await expectAccessible(page);
    expect(await page.locator('.notice.success').innerText()).toContain('alle Sitzungen Ihres Kontos wurden beendet');

    // The old session is gone, the old password too; the new one works.
    expect((await get(server, '/konto', oldSession)).status).toBe(303);
    expect((await postForm(server, '/anmelden', { email: account.email, password: account.password })).status).toBe(401);
    expect((await postForm(server, '/anmelden', { email: account.email, password: 'Frisches-Passwort-fuer-Olfen' })).status).toBe(303);
    // The link works once.
    const again = await page.goto(link);
    expect(again?.status()).toBe(404);
    expect(await page.locator('main').innerText().then(readable)).toContain('ungültig, abgelaufen oder wurde schon verwendet');
    await expectAccessible(page);
    expectNoProblems(checked);
    await checked.context.close();
  });

  it('gives the same answer for an address without an account, and sends nothing', async () => {
    const known = await postForm(server, '/passwort-vergessen', { email: demo('olfen', 'redakteur') });
    const unknown = await postForm(server, '/passwort-vergessen', { email: 'niemand@olfen.example' });
    expect(unknown.status).toBe(known.status);
    const strip = (html: string) => html.replace(/\S+@\S+\.(example|invalid)/g, 'ADRESSE');
    expect(strip(await unknown.text())).toBe(strip(await known.text()));
    await smtp.waitFor((m) => m.envelopeTo.includes(demo('olfen', 'redakteur')), 30_000, 'reset mail of the known address');
    await expectNoMoreMail(smtp, 'niemand@olfen.example', 0);
  });

  it('queues at most three links per address and hour, with the same answer', async () => {
    const address = demo('nottuln', 'mitarbeiter');
    const answers = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const res = await postForm(server, '/passwort-vergessen', { email: address });
      expect(res.status).toBe(200);
      answers.add(await res.text());
    }
    expect(answers.size).toBe(1);
    useServerDatabase(server);
    const requests = getDb().select().from(passwordResets).innerJoin(users, eq(users.id, passwordResets.userId)).where(eq(users.email, address)).all();
    closeDb();
    expect(requests).toHaveLength(3);
    await smtp.waitFor((m) => m.envelopeTo.includes(address), 30_000, 'reset mail');
  });

  it('an admin sends a member the link from the member list', async () => {
    const admin = await signInCookie(server, server.account('havixbeck', 'admin'));
    const html = await (await get(server, '/havixbeck/mitglieder', admin)).text();
    const member = server.account('havixbeck', 'redakteur');
    const userId = new RegExp(`<td>${member.email}</td>[\\s\\S]*?name="user" value="([^"]+)"`).exec(html)![1]!;
    const res = await postForm(server, '/havixbeck/mitglieder', { action: 'reset', user: userId }, { cookie: admin });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`Ein Link für ein neues Passwort geht per Mail an ${member.email}`);
    const mail = await smtp.waitFor((m) => m.envelopeTo.includes(member.email), 30_000, 'admin-triggered reset mail');
    expect(mail.text).toContain('die Administration Ihrer Kommune hat für Ihr Konto');
  });
});
