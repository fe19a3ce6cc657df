import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { IMMEDIATE, getDb } from '../db/client';
import { userIdentities } from '../db/schema';
import { checkAdminCoverage } from '../auth/admin-coverage';
import { createUser, findUserByEmail, findUserById, normaliseEmail, setMembership, type UserRow } from '../auth/users';
import { membershipOf } from '../auth/members';
import { hasHiddenCharacters } from '../text/hidden-characters';
import type { Role } from '../auth/viewer';
import { mappedRole, type ProviderSettings } from './settings';
import type { VerifiedIdentity } from './flow';

/** What a verified identity means for the hub. */
export type SsoOutcome =
  /** Signed in; `created` for an account made just now; `role` when the claim mapping changed the role. */
  | { kind: 'signed-in'; user: UserRow; created: boolean; roleChange: { from: Role | null; to: Role } | null; roleKept: boolean }
  | { kind: 'disabled'; user: UserRow }
  /** A local account has this e-mail address: the person must prove with its password that it is theirs. */
  | { kind: 'needs-link'; user: UserRow; mappedRole: Role | null }
  | { kind: 'refused'; message: string; reason: string };

function emailOf(claims: Record<string, unknown>): string | null {
  const email = typeof claims['email'] === 'string' ? normaliseEmail(claims['email']) : '';
  return email.length <= 320 && z.email().safeParse(email).success ? email : null;
}

function nameOf(claims: Record<string, unknown>, email: string): string {
  const given = [claims['given_name'], claims['family_name']].filter((v) => typeof v === 'string').join(' ');
  for (const candidate of [claims['name'], given, claims['preferred_username']]) {
    if (typeof candidate !== 'string') continue;
    const name = candidate.trim().slice(0, 120);
    if (name.length >= 2 && !hasHiddenCharacters(name)) return name;
  }
  return email;
}

/**
 * Sets the role the claims map to. The Kreis never loses its last enabled admin through the hub
 * (admin-coverage.ts), not even by the provider's groups; a Kommune follows its provider.
 */
function applyMapping(userId: string, tenant: string, role: Role): { from: Role | null; to: Role; kept: boolean } | null {
  const from = membershipOf(userId, tenant);
  if (from === role) return null;
  if (from === 'admin' && checkAdminCoverage({ kind: 'role', userId, tenant, role }).kreis) return { from, to: from, kept: true };
  setMembership(userId, tenant, role);
  return { from, to: role, kept: false };
}

/** Finds or creates the account for an identity the provider of `settings` vouched for. */
export function resolveSsoAccount(settings: ProviderSettings, identity: VerifiedIdentity): SsoOutcome {
  const db = getDb();
  const role = mappedRole(settings, identity.claims);
  return db.transaction((): SsoOutcome => {
    const known = db.select().from(userIdentities).where(and(eq(userIdentities.issuer, identity.issuer), eq(userIdentities.subject, identity.subject))).get();
    if (known) {
      const user = findUserById(known.userId)!;
      if (user.disabledAt) return { kind: 'disabled', user };
      const change = role ? applyMapping(user.id, settings.tenant, role) : null;
      db.update(userIdentities).set({ lastSignInAt: new Date().toISOString() }).where(and(eq(userIdentities.issuer, identity.issuer), eq(userIdentities.subject, identity.subject))).run();
      return { kind: 'signed-in', user, created: false, roleChange: change && !change.kept ? change : null, roleKept: Boolean(change?.kept) };
    }
    const email = emailOf(identity.claims);
    if (!email) {
      return { kind: 'refused', reason: 'no usable email claim', message: 'Ihr Anmeldedienst hat keine gültige E-Mail-Adresse übermittelt. Bitte wenden Sie sich an die IT Ihrer Verwaltung.' };
    }
    const existing = findUserByEmail(email);
    if (existing) {
      if (existing.disabledAt) return { kind: 'disabled', user: existing };
      if (existing.passwordHash) return { kind: 'needs-link', user: existing, mappedRole: role };
      return {
        kind: 'refused',
        reason: `email ${email} belongs to an account without password`,
        message: 'Für Ihre E-Mail-Adresse gibt es bereits ein Konto, das noch nicht mit Ihrem Dienstkonto verbunden ist. Bitte wenden Sie sich an die Administration Ihrer Kommune.',
      };
    }
    const user = createUser({ email, name: nameOf(identity.claims, email), passwordHash: null });
    db.insert(userIdentities).values({ issuer: identity.issuer, subject: identity.subject, userId: user.id, tenant: settings.tenant, lastSignInAt: new Date().toISOString() }).run();
    setMembership(user.id, settings.tenant, role ?? 'mitarbeiter');
    return { kind: 'signed-in', user, created: true, roleChange: null, roleKept: false };
  }, IMMEDIATE);
}

/**
 * Attaches a provider identity to a local account whose password the person just typed. The
 * account becomes a member of the provider's Kommune (as Mitarbeiter:in, or as the claims map)
 * when it was not; an existing role is changed only by a mapping.
 */
export function linkIdentity(userId: string, link: { tenant: string; issuer: string; subject: string; mappedRole: Role | null }): { from: Role | null; to: Role } | null {
  const db = getDb();
  return db.transaction(() => {
    db.insert(userIdentities)
      .values({ issuer: link.issuer, subject: link.subject, userId, tenant: link.tenant, lastSignInAt: new Date().toISOString() })
      .onConflictDoNothing()
      .run();
    const owner = db.select({ userId: userIdentities.userId }).from(userIdentities).where(and(eq(userIdentities.issuer, link.issuer), eq(userIdentities.subject, link.subject))).get();
    if (owner?.userId !== userId) throw new Error('identity belongs to another account');
    if (link.mappedRole) {
      const change = applyMapping(userId, link.tenant, link.mappedRole);
      return change && !change.kept ? change : null;
    }
    if (membershipOf(userId, link.tenant)) return null;
    setMembership(userId, link.tenant, 'mitarbeiter');
    return { from: null, to: 'mitarbeiter' as Role };
  }, IMMEDIATE);
}

/** The provider identities of an account (for "Mein Konto" and the data export). */
export function identitiesOf(userId: string) {
  return getDb().select().from(userIdentities).where(eq(userIdentities.userId, userId)).all();
}
