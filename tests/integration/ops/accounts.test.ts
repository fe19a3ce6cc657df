import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { checkInvitation } from '../../../src/lib/auth/invitations';
import { createSession, validateSessionToken } from '../../../src/lib/auth/session';
import { createUser, setMembership } from '../../../src/lib/auth/users';
import { getConfig } from '../../../src/lib/config';
import { getDb } from '../../../src/lib/db/client';
import { auditLog } from '../../../src/lib/db/schema';
import { disableUser, inviteFirstKreisAdmin, inviteUser, OpsError } from '../../../src/lib/ops/accounts';

const tokenOf = (link: string) => link.split('/einladung/')[1]!;

describe('inviteFirstKreisAdmin', () => {
  it('creates a one-time Kreis admin invitation whose link uses the configured origin', () => {
    const { link, invitation } = inviteFirstKreisAdmin('Leitung@Kreis-Coesfeld.de', { force: false });
    expect(link).toMatch(new RegExp(`^${getConfig().origin}/einladung/[a-z2-7]{32}$`));
    expect(invitation).toMatchObject({ email: 'leitung@kreis-coesfeld.de', tenant: 'kreis-coesfeld', role: 'admin' });
    expect(checkInvitation(tokenOf(link)).ok).toBe(true);
  });

  it('refuses once an enabled Kreis admin exists, unless forced', () => {
    const admin = createUser({ email: 'admin@kreis-coesfeld.de', name: 'Admin', passwordHash: 'x' });
    setMembership(admin.id, 'kreis-coesfeld', 'admin');
    expect(() => inviteFirstKreisAdmin('zweite@kreis-coesfeld.de', { force: false })).toThrow(/already exists \(admin@kreis-coesfeld\.de\)/);
    expect(inviteFirstKreisAdmin('zweite@kreis-coesfeld.de', { force: true }).invitation.role).toBe('admin');
    const audited = getDb().select().from(auditLog).where(eq(auditLog.object, 'zweite@kreis-coesfeld.de')).all();
    expect(audited.map((a) => a.action)).toEqual(['cli.kreis-admin-einladung']);
  });
});

describe('inviteUser', () => {
  it('refuses an unknown tenant, an unknown role and an invalid address', () => {
    expect(() => inviteUser({ email: 'a@duelmen.de', tenant: 'muenster', role: 'admin' })).toThrow(OpsError);
    expect(() => inviteUser({ email: 'a@duelmen.de', tenant: 'duelmen', role: 'chef' })).toThrow(/Unknown role/);
    expect(() => inviteUser({ email: 'kein-at-zeichen', tenant: 'duelmen', role: 'redakteur' })).toThrow(/not a valid e-mail/);
  });
});

describe('disableUser', () => {
  it('ends every session of the account at once and keeps it disabled', () => {
    const user = createUser({ email: 'weg@senden.de', name: 'Weg', passwordHash: 'x' });
    const a = createSession(user.id);
    const b = createSession(user.id);
    expect(validateSessionToken(a.token)).not.toBeNull();
    expect(disableUser('WEG@senden.de')).toEqual({ alreadyDisabled: false, withoutAdmin: [] });
    expect(validateSessionToken(a.token)).toBeNull();
    expect(validateSessionToken(b.token)).toBeNull();
    expect(disableUser('weg@senden.de')).toEqual({ alreadyDisabled: true, withoutAdmin: [] });
  });

  it('names the address when there is no such account', () => {
    expect(() => disableUser('niemand@senden.de')).toThrow('No account with the e-mail address "niemand@senden.de".');
  });
});
