import { createTOTPKeyURI, verifyHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding, encodeBase32NoPadding } from '@oslojs/encoding';
import { and, eq, isNotNull } from 'drizzle-orm';
import { IMMEDIATE, getDb } from '../db/client';
import { totpCredentials } from '../db/schema';

// TOTP after RFC 6238 as every authenticator app knows it: SHA-1, 30 s, 6 digits. A code is
// accepted for the current step and one step either side (clocks of phones drift), and never
// twice: the step it matched is stored and a code for that step or an earlier one is refused.
export const PERIOD_S = 30;
export const DIGITS = 6;
const DRIFT_STEPS = 1;
const ISSUER = 'Wissensnetz Kreis Coesfeld';

export type TotpCredential = typeof totpCredentials.$inferSelect;

function credential(userId: string): TotpCredential | undefined {
  return getDb().select().from(totpCredentials).where(eq(totpCredentials.userId, userId)).get();
}

/** Whether the person has a confirmed second factor. */
export function hasSecondFactor(userId: string): boolean {
  return Boolean(getDb().select({ id: totpCredentials.userId }).from(totpCredentials).where(and(eq(totpCredentials.userId, userId), isNotNull(totpCredentials.confirmedAt))).get());
}

/** Starts (or restarts) setting up: a fresh random key, unconfirmed until a first code matches it. */
export function beginEnrolment(userId: string): string {
  const key = new Uint8Array(20);
  crypto.getRandomValues(key);
  const secret = encodeBase32NoPadding(key);
  getDb().insert(totpCredentials).values({ userId, secret, confirmedAt: null, lastStep: 0 })
    .onConflictDoUpdate({ target: totpCredentials.userId, set: { secret, confirmedAt: null, lastStep: 0 } })
    .run();
  return secret;
}

/** The unconfirmed key being set up, or null. */
export function pendingEnrolment(userId: string): string | null {
  const row = credential(userId);
  return row && !row.confirmedAt ? row.secret : null;
}

/** The otpauth:// address the QR code carries. */
export function keyUri(secret: string, accountName: string): string {
  return createTOTPKeyURI(ISSUER, accountName, decodeBase32IgnorePadding(secret), PERIOD_S, DIGITS);
}

/** The secret in groups of four, for typing it into an app by hand. */
export function groupedSecret(secret: string): string {
  return secret.match(/.{1,4}/g)!.join(' ');
}

/** Digits only: people type spaces or paste "123 456". */
export function normaliseCode(code: string): string {
  return code.replace(/[\s-]/g, '');
}

/** The step the code matches (current ± drift), or null. */
function matchingStep(secret: string, code: string, now: number): number | null {
  const key = decodeBase32IgnorePadding(secret);
  const current = Math.floor(now / 1000 / PERIOD_S);
  for (let step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
    if (verifyHOTP(key, BigInt(step), DIGITS, code)) return step;
  }
  return null;
}

/**
 * Checks a code against the person's key — the confirmed one, or with `enrolling` the one being
 * set up, which it then confirms. A code is used up by its success.
 */
export function useCode(userId: string, codeInput: string, options: { enrolling?: boolean } = {}, now = Date.now()): boolean {
  const code = normaliseCode(codeInput);
  if (!/^\d{6}$/.test(code)) return false;
  const db = getDb();
  return db.transaction(() => {
    const row = credential(userId);
    if (!row || Boolean(row.confirmedAt) === Boolean(options.enrolling)) return false;
    const step = matchingStep(row.secret, code, now);
    if (step === null || step <= row.lastStep) return false;
    db.update(totpCredentials)
      .set({ lastStep: step, ...(options.enrolling ? { confirmedAt: new Date(now).toISOString() } : {}) })
      .where(eq(totpCredentials.userId, userId))
      .run();
    return true;
  }, IMMEDIATE);
}

/** Removes the second factor (and its recovery codes, by the caller). */
export function removeTotp(userId: string): boolean {
  return getDb().delete(totpCredentials).where(eq(totpCredentials.userId, userId)).run().changes > 0;
}
