import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { resetConfig } from '../../src/lib/config';
import { closeDb, getDb } from '../../src/lib/db/client';
import { createSession } from '../../src/lib/auth/session';
import { users } from '../../src/lib/db/schema';
import { eq } from 'drizzle-orm';

/**
 * Signs a demo account in by creating its session directly in the server's database
 * and handing the browser the cookie. Used by the file and Nachnutzung tests for the
 * roles they need; the sign-in form itself is tested with the accounts work.
 */
export function sessionToken(dataDir: string, email: string): string {
  process.env['WISSENSNETZ_DATA_DIR'] = dataDir;
  process.env['WISSENSNETZ_ROOT'] = path.resolve(import.meta.dirname, '../..');
  resetConfig();
  closeDb();
  try {
    const user = getDb().select({ id: users.id }).from(users).where(eq(users.email, email)).get();
    if (!user) throw new Error(`no user ${email}`);
    return createSession(user.id, 'e2e').token;
  } finally {
    closeDb();
  }
}

export async function signInAs(context: BrowserContext, baseUrl: string, dataDir: string, email: string): Promise<string> {
  const token = sessionToken(dataDir, email);
  await context.addCookies([{ name: 'wn_session', value: token, url: baseUrl, httpOnly: true, sameSite: 'Lax' }]);
  return token;
}
