import { eq } from 'drizzle-orm';
import { getDb } from '../../../src/lib/db/client';
import { users } from '../../../src/lib/db/schema';

/** Marks an account disabled, as the members page would (without the audit and session side effects). */
export function setDisabledForTest(userId: string): void {
  getDb().update(users).set({ disabledAt: new Date().toISOString() }).where(eq(users.id, userId)).run();
}
