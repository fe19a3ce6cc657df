import { and, eq, isNull, or } from 'drizzle-orm';
import { IMMEDIATE, getDb } from '../db/client';
import { invitations, users } from '../db/schema';
import { generateToken, hashToken, invalidateUserSessions } from './session';
import { createUser, normaliseEmail, setMembership } from './users';
import type { Role } from './viewer';
import { hasIdentity } from '../oidc/identities';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type Invitation = typeof invitations.$inferSelect;

/** Creates a one-time invitation; returns the token (shown once to the admin) and the stored row. */
export function createInvitation(input: { email: string; tenant: string; role: Role; invitedBy: string | null }, now = Date.now()): { token: string; invitation: Invitation } {
  const token = generateToken();
  const invitation = getDb()
    .insert(invitations)
    .values({ id: hashToken(token), email: normaliseEmail(input.email), tenant: input.tenant, role: input.role, invitedBy: input.invitedBy, createdAt: now, expiresAt: now + INVITATION_TTL_MS })
    .returning()
    .get();
  return { token, invitation };
}

export type InvitationState = { ok: true; invitation: Invitation; existingUser: boolean } | { ok: false; reason: 'unknown' | 'used' | 'expired' | 'revoked' };

/**
 * Whether an account can sign in already: with a password, or through a Kommune's provider. Such
 * an account joins by signing in and accepting; nobody may give it a password through a link
 * (an admin of another Kommune could otherwise invite a colleague's address and take the account).
 */
function canSignIn(user: { id: string; passwordHash: string | null } | undefined): boolean {
  return Boolean(user && (user.passwordHash || hasIdentity(user.id)));
}

/** The invitation behind a token: the one shown to the admin or the one in the invitation mail. */
function findInvitation(token: string): Invitation | undefined {
  const hash = hashToken(token);
  return getDb().select().from(invitations).where(or(eq(invitations.id, hash), eq(invitations.mailTokenHash, hash))).get();
}

export function checkInvitation(token: string, now = Date.now()): InvitationState {
  const invitation = findInvitation(token);
  if (!invitation) return { ok: false, reason: 'unknown' };
  if (invitation.revokedAt !== null) return { ok: false, reason: 'revoked' };
  if (invitation.usedAt !== null) return { ok: false, reason: 'used' };
  if (now >= invitation.expiresAt) return { ok: false, reason: 'expired' };
  const existing = getDb().select({ id: users.id, passwordHash: users.passwordHash }).from(users).where(eq(users.email, invitation.email)).get();
  return { ok: true, invitation, existingUser: canSignIn(existing) };
}

/**
 * Redeems an invitation in one transaction: creates the account (or sets the password of
 * an account that has none) and grants the membership. Returns the user id, or null when the
 * invitation was used, expired or unknown in the meantime.
 */
export function redeemInvitation(token: string, input: { name: string; passwordHash: string | null }, now = Date.now()): { userId: string; invitation: Invitation } | null {
  const db = getDb();
  return db.transaction(() => {
    const id = findInvitation(token)?.id;
    if (!id) return null;
    const claimed = db
      .update(invitations)
      .set({ usedAt: now })
      .where(and(eq(invitations.id, id), isNull(invitations.usedAt), isNull(invitations.revokedAt)))
      .returning()
      .get();
    if (!claimed || now >= claimed.expiresAt) {
      if (claimed) db.update(invitations).set({ usedAt: null }).where(eq(invitations.id, id)).run();
      return null;
    }
    let user = db.select().from(users).where(eq(users.email, claimed.email)).get();
    if (!user) {
      if (!input.passwordHash) return null;
      user = createUser({ email: claimed.email, name: input.name, passwordHash: input.passwordHash });
    } else if (!user.passwordHash && hasIdentity(user.id)) {
      // Signs in through a provider: joins signed in, never gets a password from a link.
      if (input.passwordHash) {
        db.update(invitations).set({ usedAt: null }).where(eq(invitations.id, id)).run();
        return null;
      }
    } else if (!user.passwordHash) {
      if (!input.passwordHash) return null;
      db.update(users).set({ passwordHash: input.passwordHash, name: input.name || user.name }).where(eq(users.id, user.id)).run();
      invalidateUserSessions(user.id);
    }
    setMembership(user.id, claimed.tenant, claimed.role);
    return { userId: user.id, invitation: claimed };
  }, IMMEDIATE);
}

/** Withdraws an open invitation of a Kommune; returns it, or null when it was used, revoked or is not the Kommune's. */
export function revokeInvitation(tenant: string, id: string, now = Date.now()): Invitation | null {
  return getDb()
    .update(invitations)
    .set({ revokedAt: now })
    .where(and(eq(invitations.id, id), eq(invitations.tenant, tenant), isNull(invitations.usedAt), isNull(invitations.revokedAt)))
    .returning()
    .get() ?? null;
}
