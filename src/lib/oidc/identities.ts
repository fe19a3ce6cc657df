import { eq } from 'drizzle-orm';
import { getDb } from '../db/client';
import { userIdentities } from '../db/schema';

/** Whether an account signs in through a Kommune's provider (it has at least one identity there). */
export function hasIdentity(userId: string): boolean {
  return Boolean(getDb().select({ u: userIdentities.userId }).from(userIdentities).where(eq(userIdentities.userId, userId)).get());
}
