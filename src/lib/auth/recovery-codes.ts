import { and, count, eq, isNull } from 'drizzle-orm';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { IMMEDIATE, getDb } from '../db/client';
import { recoveryCodes } from '../db/schema';
import { hashToken } from './session';

// Ten codes of 80 random bits each, shown once, stored as SHA-256 like session tokens: with that
// much randomness a fast hash is enough, and checking one costs nothing.
export const RECOVERY_CODE_COUNT = 10;

function newCode(): string {
  const bytes = new Uint8Array(10);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes).match(/.{4}/g)!.join('-');
}

/** Lower case, without spaces and hyphens, as stored. */
function canonical(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

/** Replaces the person's recovery codes with fresh ones and returns them (the only time they are shown). */
export function issueRecoveryCodes(userId: string): string[] {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  const db = getDb();
  db.transaction(() => {
    db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
    db.insert(recoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashToken(canonical(c)) }))).run();
  }, IMMEDIATE);
  return codes;
}

/** Uses up one recovery code; false when it is unknown or was used. */
export function useRecoveryCode(userId: string, code: string): boolean {
  const value = canonical(code);
  if (!/^[a-z2-7]{16}$/.test(value)) return false;
  return getDb()
    .update(recoveryCodes)
    .set({ usedAt: new Date().toISOString() })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashToken(value)), isNull(recoveryCodes.usedAt)))
    .run().changes === 1;
}

export function remainingRecoveryCodes(userId: string): number {
  return getDb().select({ n: count() }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt))).get()?.n ?? 0;
}

export function deleteRecoveryCodes(userId: string): void {
  getDb().delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
}
