import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { CheckedPage } from './browser';

const TENANTS = path.resolve(import.meta.dirname, '../../tenants');

/** A copy of tenants/ in which the named Kommunen get an `anmeldung.oidc` block. */
export function tenantsWithProviders(blocks: Record<string, Record<string, unknown>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-sso-tenants-'));
  fs.cpSync(TENANTS, dir, { recursive: true });
  for (const [slug, oidc] of Object.entries(blocks)) {
    const file = path.join(dir, `${slug}.json`);
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), anmeldung: { oidc } }, null, 2));
  }
  return dir;
}

/**
 * Clicks the provider's button on the sign-in page and signs in at the provider's login form with
 * `login` (the development form takes any password); a provider that still has a session for the
 * browser sends it straight back. Resolves once the browser is back on the hub.
 */
export async function signInThroughProvider(page: Page, hubUrl: string, buttonLabel: string, login: string): Promise<void> {
  const hub = new URL(hubUrl).origin;
  await page.getByRole('link', { name: buttonLabel }).click();
  // At the provider's form, or back on the hub past the sign-in page and the start of the flow.
  await page.waitForURL((u) => u.origin !== hub || (u.pathname !== '/anmelden' && !/^\/anmelden\/sso\/[^/]+\/?$/.test(u.pathname)));
  if (new URL(page.url()).origin !== hub) {
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('beliebig');
    await Promise.all([page.waitForURL((u) => u.origin === hub), page.locator('button[type="submit"]').click()]);
  }
  await page.waitForLoadState('load');
}

/** The provider's own pages are another origin by design: only problems elsewhere count. */
export function expectNoProblemsBesidesProviders(checked: CheckedPage, providerOrigins: string[]): void {
  expect(checked.problems.filter((p) => !providerOrigins.some((o) => p.includes(o)))).toEqual([]);
}
