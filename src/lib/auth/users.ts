import { and, eq } from 'drizzle-orm';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { getDb } from '../db/client';
import { memberships, users } from '../db/schema';
import type { Role } from './viewer';

export type UserRow = typeof users.$inferSelect;

export function normaliseEmail(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

export function newUserId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function findUserByEmail(email: string): UserRow | undefined {
  return getDb().select().from(users).where(eq(users.email, normaliseEmail(email))).get();
}

export function findUserById(id: string): UserRow | undefined {
  return getDb().select().from(users).where(eq(users.id, id)).get();
}

/** Creates an account (without memberships); passwordHash null means it cannot sign in yet. */
export function createUser(input: { email: string; name: string; passwordHash: string | null }): UserRow {
  return getDb()
    .insert(users)
    .values({ id: newUserId(), email: normaliseEmail(input.email), name: input.name.trim(), passwordHash: input.passwordHash })
    .returning()
    .get();
}

/** Sets or replaces the user's role in a tenant. */
export function setMembership(userId: string, tenant: string, role: Role): void {
  getDb()
    .insert(memberships)
    .values({ userId, tenant, role })
    .onConflictDoUpdate({ target: [memberships.userId, memberships.tenant], set: { role } })
    .run();
}

export function removeMembership(userId: string, tenant: string): void {
  getDb().delete(memberships).where(and(eq(memberships.userId, userId), eq(memberships.tenant, tenant))).run();
}

export function listMembers(tenant: string): { user: UserRow; role: Role }[] {
  return getDb()
    .select({ user: users, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.tenant, tenant))
    .orderBy(users.name)
    .all();
}
