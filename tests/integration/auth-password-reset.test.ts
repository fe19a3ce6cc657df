import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '../../src/lib/db/client';
import { mailOutbox, passwordResets } from '../../src/lib/db/schema';
import { checkResetToken, completePasswordReset, renderResetMail, requestPasswordReset, RESET_TTL_MS } from '../../src/lib/auth/password-reset';
import { RESET_IP_LIMIT } from '../../src/lib/auth/reset-throttle';
import { hashPassword, verifyPassword } from '../../src/lib/auth/password';
import { createSession, listUserSessions } from '../../src/lib/auth/session';
import { createUser, findUserById } from '../../src/lib/auth/users';
import { beginSignInAttempt, recordSignInFailure } from '../../src/lib/auth/throttle';

let userId: string;
const email = 'reset.person@olfen.example';
beforeAll(async () => {
  userId = createUser({ email, name: 'Reset Person', passwordHash: await hashPassword('Altes-Passwort-123') }).id;
});

const outboxFor = () => getDb().select().from(mailOutbox).where(eq(mailOutbox.address, email)).all();
/** What the sender does: build the mail (minting the token) and read the link from it. */
function send(row = outboxFor().at(-1)!, now = Date.now()): string | null {
  const built = renderResetMail(row, now);
  return 'mail' in built ? new URL(/https?:\/\/\S+/.exec(built.mail.text)![0]).searchParams.get('t') : null;
}

describe('password reset links', () => {
  it('store no token until the mail is built, and only its hash then', () => {
    requestPasswordReset(email, '192.0.2.10');
    const before = getDb().select().from(passwordResets).where(eq(passwordResets.userId, userId)).all();
    expect(before.at(-1)!.tokenHash).toBeNull();
    expect(outboxFor().at(-1)!.payload).not.toMatch(/[a-z2-7]{32}/);
    const token = send()!;
    const stored = getDb().select().from(passwordResets).where(eq(passwordResets.userId, userId)).all().at(-1)!;
    expect(stored.tokenHash).not.toBe(token);
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(checkResetToken(token).ok).toBe(true);
  });

  it('work once, end every session and void the other links of the account', async () => {
    requestPasswordReset(email, '192.0.2.11');
    const older = send()!;
    requestPasswordReset(email, '192.0.2.11');
    // The older mail, sent late, is dropped: a newer request replaces it.
    expect('drop' in renderResetMail(outboxFor().at(-2)!)).toBe(true);
    const newest = send()!;
    createSession(userId, 'Browser A');
    createSession(userId, 'Browser B');
    const done = await completePasswordReset(newest, 'Neues-Passwort-456', 'Neues-Passwort-456', '192.0.2.11');
    expect(done.ok).toBe(true);
    expect(listUserSessions(userId)).toEqual([]);
    expect(await verifyPassword(findUserById(userId)!.passwordHash!, 'Neues-Passwort-456')).toBe(true);
    expect((await completePasswordReset(newest, 'Drittes-Passwort-789', 'Drittes-Passwort-789', '192.0.2.11')).ok).toBe(false);
    expect(checkResetToken(older).ok).toBe(false);
  });

  it('lift the wait that failed sign-ins put on the address, so the new password works at once', async () => {
    const address = 'reset.vergessen@olfen.example';
    createUser({ email: address, name: 'Vergesslich', passwordHash: await hashPassword('Altes-Passwort-321') });
    // Wrong guesses until the address has to wait before its next attempt is even checked.
    for (let i = 0; i < 10 && beginSignInAttempt(address, '192.0.2.13') === null; i++) recordSignInFailure(address, '192.0.2.13');
    expect(beginSignInAttempt(address, '192.0.2.14')).toMatchObject({ kind: 'account' });
    requestPasswordReset(address, '192.0.2.13');
    const row = getDb().select().from(mailOutbox).where(eq(mailOutbox.address, address)).get()!;
    expect((await completePasswordReset(send(row)!, 'Neues-Passwort-654', 'Neues-Passwort-654', '192.0.2.13')).ok).toBe(true);
    expect(beginSignInAttempt(address, '192.0.2.14')).toBeNull();
  });

  it('expire after an hour', async () => {
    const address = 'reset.spaeter@olfen.example';
    createUser({ email: address, name: 'Später', passwordHash: await hashPassword('Ein-Passwort-123') });
    const now = Date.now();
    requestPasswordReset(address, '192.0.2.12', now);
    const row = getDb().select().from(mailOutbox).where(eq(mailOutbox.address, address)).get()!;
    const token = send(row, now)!;
    expect(checkResetToken(token, now + RESET_TTL_MS - 1000).ok).toBe(true);
    expect(checkResetToken(token, now + RESET_TTL_MS).ok).toBe(false);
    expect('drop' in renderResetMail(row, now + RESET_TTL_MS + 1)).toBe(true);
  });

  it('are limited per IP across addresses', () => {
    const ip = '198.51.100.7';
    for (let i = 0; i < RESET_IP_LIMIT; i++) expect(requestPasswordReset(`niemand${i}@example.invalid`, ip).ipLimited).toBe(false);
    expect(requestPasswordReset('noch.jemand@example.invalid', ip).ipLimited).toBe(true);
  });
});
