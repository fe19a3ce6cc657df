import { describe, expect, it } from 'vitest';
import { createSession, peekSession, validateSessionToken, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../../src/lib/auth/session';
import { createUser, setMembership } from '../../src/lib/auth/users';
import { loadViewer } from '../../src/lib/auth/viewer';
import { checkInvitation, createInvitation, redeemInvitation, INVITATION_TTL_MS } from '../../src/lib/auth/invitations';
import { changeRole, MemberActionError, removeMember, setDisabled } from '../../src/lib/auth/members';
import { checkPasswordPolicy } from '../../src/lib/auth/password';
import { escapeControl } from '../../src/lib/audit/log';
import { getDb } from '../../src/lib/db/client';
import { users } from '../../src/lib/db/schema';
import { eq } from 'drizzle-orm';

let n = 0;
function person(memberships: Record<string, 'mitarbeiter' | 'redakteur' | 'admin'>) {
  const user = createUser({ email: `person${++n}@example.org`, name: `Person ${n}`, passwordHash: 'x' });
  for (const [tenant, role] of Object.entries(memberships)) setMembership(user.id, tenant, role);
  return loadViewer(user.id)!;
}

describe('sessions', () => {
  it('slides the expiry while used but never past the absolute limit', () => {
    const user = person({ duelmen: 'mitarbeiter' });
    const t0 = Date.now();
    const { token } = createSession(user.id, '', t0);
    let now = t0;
    // Use it every 7 hours for 8 days: alive until the absolute limit, then gone.
    while (now + 7 * 3600_000 < t0 + SESSION_ABSOLUTE_MS) {
      now += 7 * 3600_000;
      expect(validateSessionToken(token, now), `at +${(now - t0) / 3600_000} h`).not.toBeNull();
    }
    expect(validateSessionToken(token, t0 + SESSION_ABSOLUTE_MS + 1)).toBeNull();
  });

  it('ends a session that was not used for longer than the idle window', () => {
    const user = person({ duelmen: 'mitarbeiter' });
    const { token } = createSession(user.id, '', 1_000_000);
    expect(validateSessionToken(token, 1_000_000 + SESSION_IDLE_MS + 1)).toBeNull();
  });

  it('writes (and asks for a new cookie) only when the expiry moves; peeking never writes', () => {
    const user = person({ duelmen: 'mitarbeiter' });
    const t0 = 5_000_000;
    const { token } = createSession(user.id, '', t0);
    const changes = () => getDb().$client.prepare('SELECT total_changes()').pluck().get() as number;
    const before = changes();
    expect(validateSessionToken(token, t0 + 3600_000)?.refreshed).toBe(false);
    expect(peekSession(token, t0 + 3600_000)?.userId).toBe(user.id);
    expect(changes()).toBe(before);
    // After a quarter of the idle window the expiry slides: peeking declines, validating writes.
    expect(peekSession(token, t0 + 3 * 3600_000)).toBeNull();
    expect(changes()).toBe(before);
    const slid = validateSessionToken(token, t0 + 3 * 3600_000);
    expect(slid?.refreshed).toBe(true);
    expect(slid?.expiresAt).toBe(t0 + 3 * 3600_000 + SESSION_IDLE_MS);
    expect(changes()).toBe(before + 1);
    expect(peekSession(token, t0 + 3 * 3600_000 + 1)?.expiresAt).toBe(slid?.expiresAt);
    expect(peekSession(token, t0 + 3 * 3600_000 + SESSION_IDLE_MS + 1)).toBeNull();
  });

  it('rejects the session of a disabled account', () => {
    const user = person({ senden: 'redakteur' });
    const { token } = createSession(user.id);
    getDb().update(users).set({ disabledAt: new Date().toISOString() }).where(eq(users.id, user.id)).run();
    expect(validateSessionToken(token)).toBeNull();
  });
});

describe('invitations', () => {
  it('can be redeemed exactly once', () => {
    const { token } = createInvitation({ email: 'Neu@Example.org', tenant: 'olfen', role: 'redakteur', invitedBy: null });
    expect(checkInvitation(token)).toMatchObject({ ok: true, invitation: { email: 'neu@example.org' } });
    const first = redeemInvitation(token, { name: 'Neu', passwordHash: 'hash' });
    expect(first).not.toBeNull();
    expect(loadViewer(first!.userId)!.memberships).toEqual({ olfen: 'redakteur' });
    expect(redeemInvitation(token, { name: 'Zweiter Versuch', passwordHash: 'hash' })).toBeNull();
    expect(checkInvitation(token)).toEqual({ ok: false, reason: 'used' });
  });

  it('cannot be redeemed after it expired', () => {
    const t0 = Date.now();
    const { token } = createInvitation({ email: 'spaet@example.org', tenant: 'olfen', role: 'mitarbeiter', invitedBy: null }, t0);
    expect(redeemInvitation(token, { name: 'Spät', passwordHash: 'hash' }, t0 + INVITATION_TTL_MS)).toBeNull();
    expect(checkInvitation(token, t0 + INVITATION_TTL_MS)).toEqual({ ok: false, reason: 'expired' });
  });

  it('adds a membership to an existing account without touching its password', () => {
    const existing = person({ nottuln: 'mitarbeiter' });
    const { token } = createInvitation({ email: existing.email, tenant: 'havixbeck', role: 'admin', invitedBy: null });
    redeemInvitation(token, { name: '', passwordHash: null });
    expect(loadViewer(existing.id)!.memberships).toEqual({ nottuln: 'mitarbeiter', havixbeck: 'admin' });
    expect(getDb().select().from(users).where(eq(users.id, existing.id)).get()!.passwordHash).toBe('x');
  });
});

describe('member management', () => {
  it('an admin of Dülmen cannot change roles in Senden', () => {
    const admin = person({ duelmen: 'admin' });
    const senden = person({ senden: 'mitarbeiter' });
    expect(() => changeRole(admin, 'senden', senden.id, 'admin')).toThrow(MemberActionError);
    expect(loadViewer(senden.id)!.memberships).toEqual({ senden: 'mitarbeiter' });
  });

  it('an admin of Dülmen cannot disable someone who also belongs to Senden', () => {
    const admin = person({ duelmen: 'admin' });
    const both = person({ duelmen: 'redakteur', senden: 'redakteur' });
    expect(() => setDisabled(admin, 'duelmen', both.id, true)).toThrow(/auch zu einer Kommune/);
    const kreisAdmin = person({ 'kreis-coesfeld': 'admin' });
    setDisabled(kreisAdmin, 'duelmen', both.id, true);
    expect(loadViewer(both.id)).toBeNull();
  });

  it('never leaves the Kreis without an admin', () => {
    const db = getDb();
    const existingKreisAdmins = db.select().from(users).all().filter((u) => loadViewer(u.id)?.isKreisAdmin);
    for (const u of existingKreisAdmins) db.delete(users).where(eq(users.id, u.id)).run();
    const only = person({ 'kreis-coesfeld': 'admin' });
    expect(() => changeRole(only, 'kreis-coesfeld', only.id, 'mitarbeiter')).toThrow(/mindestens eine/);
    expect(() => removeMember(only, 'kreis-coesfeld', only.id)).toThrow(/mindestens eine/);
  });
});

describe('password policy', () => {
  it('accepts a long passphrase without composition rules', () => expect(checkPasswordPolicy('pferd batterie heftklammer')).toBeNull());
  it('refuses common passwords regardless of case', () => expect(checkPasswordPolicy('Passwort123')).toMatch(/verbreitet/));
  it('counts characters after NFC normalisation', () => expect(checkPasswordPolicy('a\u0308'.repeat(8))).toBeNull());
  it('refuses more than 128 characters', () => expect(checkPasswordPolicy('x'.repeat(129))).toMatch(/höchstens 128/));
});

describe('audit escaping', () => {
  it('escapes newlines, terminal escapes and bidi overrides', () => {
    expect(escapeControl('a\nb\u001b[31m\u202Ec')).toBe('a\\x0ab\\x1b[31m\\x202ec');
  });
});
