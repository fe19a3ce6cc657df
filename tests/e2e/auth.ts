import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { visit } from './browser';
import type { DemoAccount, TestServer } from './server';

/** Signs in through the form, like a person would (axe runs on the sign-in page). */
export async function signIn(page: Page, account: Pick<DemoAccount, 'email' | 'password'>): Promise<void> {
  await visit(page, '/anmelden');
  await page.getByLabel('E-Mail-Adresse').fill(account.email);
  await page.getByLabel('Passwort', { exact: true }).fill(account.password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/anmelden')), page.getByRole('button', { name: 'Anmelden' }).click()]);
}

/** Posts a form with the hub's own Origin, as a browser on the hub would. */
export async function postForm(server: TestServer, path: string, form: Record<string, string>, options: { cookie?: string; origin?: string | null } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (options.origin !== null) headers['Origin'] = options.origin ?? server.url;
  if (options.cookie) headers['Cookie'] = options.cookie;
  return fetch(server.url + path, { method: 'POST', headers, body: new URLSearchParams(form), redirect: 'manual' });
}

/** Signs in over HTTP and returns the `name=value` session cookie. */
export async function signInCookie(server: TestServer, account: Pick<DemoAccount, 'email' | 'password'>): Promise<string> {
  const res = await postForm(server, '/anmelden', { email: account.email, password: account.password, next: '/' });
  expect(res.status, `sign-in of ${account.email}`).toBe(303);
  const cookie = res.headers.getSetCookie().find((c) => c.includes('wn_session=') && !c.includes('wn_session=;'));
  expect(cookie).toBeDefined();
  return cookie!.split(';')[0]!;
}

export async function get(server: TestServer, path: string, cookie?: string): Promise<Response> {
  return fetch(server.url + path, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' });
}
