import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createUser, setMembership } from '../../src/lib/auth/users';
import { loadViewer, type Role } from '../../src/lib/auth/viewer';
import { changeRole, MemberActionError, removeMember, setDisabled } from '../../src/lib/auth/members';
import { AdminConfirmationNeeded, checkAdminCoverage, tenantsLeftWithoutAdmin } from '../../src/lib/auth/admin-coverage';
import { deleteAccount } from '../../src/lib/auth/account';
import { disableUser, OpsError } from '../../src/lib/ops/accounts';
import { getDb } from '../../src/lib/db/client';
import { memberships, users } from '../../src/lib/db/schema';

let n = 0;
function person(roles: Record<string, Role>, options: { disabled?: boolean } = {}) {
  const user = createUser({ email: `admin${++n}@example.org`, name: `Person ${n}`, passwordHash: 'x' });
  for (const [tenant, role] of Object.entries(roles)) setMembership(user.id, tenant, role);
  if (options.disabled) getDb().update(users).set({ disabledAt: new Date().toISOString() }).where(eq(users.id, user.id)).run();
  return { ...user, viewer: () => loadViewer(user.id)! };
}
const roleOf = (userId: string, tenant: string) => getDb().select().from(memberships).where(eq(memberships.userId, userId)).all().find((m) => m.tenant === tenant)?.role ?? null;
const exists = (userId: string) => getDb().select().from(users).where(eq(users.id, userId)).get() !== undefined;
const enabled = (userId: string) => !getDb().select().from(users).where(eq(users.id, userId)).get()?.disabledAt;

beforeEach(() => {
  getDb().delete(users).run();
});

describe('the Kreis keeps an enabled admin', () => {
  it('refuses to delete the own account of the last enabled Kreis admin while the other Kreis admin is disabled', () => {
    const last = person({ 'kreis-coesfeld': 'admin' });
    person({ 'kreis-coesfeld': 'admin' }, { disabled: true });
    expect(() => deleteAccount(last.id, ['kreis-coesfeld'])).toThrow(/Der Kreis braucht mindestens eine aktive/);
    expect(exists(last.id)).toBe(true);
  });

  it('refuses to demote, remove or disable the last enabled Kreis admin, also by themselves', () => {
    const last = person({ 'kreis-coesfeld': 'admin' });
    person({ 'kreis-coesfeld': 'admin' }, { disabled: true });
    const other = person({ 'kreis-coesfeld': 'admin' });
    // While another Kreis admin is enabled, that admin may disable this one …
    getDb().update(users).set({ disabledAt: new Date().toISOString() }).where(eq(users.id, other.id)).run();
    // … but now `last` is the only enabled one.
    expect(() => changeRole(last.viewer(), 'kreis-coesfeld', last.id, 'redakteur', ['kreis-coesfeld'])).toThrow(MemberActionError);
    expect(() => removeMember(last.viewer(), 'kreis-coesfeld', last.id, ['kreis-coesfeld'])).toThrow(/aktive/);
    expect(roleOf(last.id, 'kreis-coesfeld')).toBe('admin');
  });

  it('lets a Kreis admin go while another enabled Kreis admin remains', () => {
    const a = person({ 'kreis-coesfeld': 'admin' });
    const b = person({ 'kreis-coesfeld': 'admin' });
    setDisabled(b.viewer(), 'kreis-coesfeld', a.id, true);
    expect(enabled(a.id)).toBe(false);
    expect(() => deleteAccount(b.id)).toThrow(MemberActionError);
  });
});

describe('a Kommune without an enabled admin', () => {
  it('is only left so by a Kommune admin who confirmed it, for each of demote, remove and delete own account', () => {
    person({ 'kreis-coesfeld': 'admin' });
    const demote = person({ duelmen: 'admin' });
    expect(() => changeRole(demote.viewer(), 'duelmen', demote.id, 'redakteur')).toThrow(AdminConfirmationNeeded);
    expect(roleOf(demote.id, 'duelmen')).toBe('admin');
    changeRole(demote.viewer(), 'duelmen', demote.id, 'redakteur', ['duelmen']);
    expect(roleOf(demote.id, 'duelmen')).toBe('redakteur');

    const remove = person({ senden: 'admin' });
    expect(() => removeMember(remove.viewer(), 'senden', remove.id)).toThrow(AdminConfirmationNeeded);
    removeMember(remove.viewer(), 'senden', remove.id, ['senden']);
    expect(roleOf(remove.id, 'senden')).toBeNull();

    const leave = person({ olfen: 'admin', nottuln: 'admin' });
    expect(() => deleteAccount(leave.id, ['olfen'])).toThrow(AdminConfirmationNeeded);
    deleteAccount(leave.id, ['nottuln', 'olfen']);
    expect(exists(leave.id)).toBe(false);
  });

  it('names the Kommune and the enabled Kreis admins who can repair it', () => {
    person({ 'kreis-coesfeld': 'admin' });
    person({ 'kreis-coesfeld': 'admin' }, { disabled: true });
    const only = person({ havixbeck: 'admin' });
    try {
      removeMember(only.viewer(), 'havixbeck', only.id);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AdminConfirmationNeeded);
      expect((err as Error).message).toMatch(/^Danach hat Gemeinde Havixbeck keine aktive Administratorin und keinen aktiven Administrator mehr\. Neue Admins können dann nur die Kreis-Admins einladen: Person \d+ \(admin\d+@example\.org\)\. /);
      expect((err as Error).message.match(/@example\.org/g)).toHaveLength(1); // the disabled one is not named
    }
  });

  it('needs the confirmation when a Kreis admin disables the Kommune\'s only enabled admin, whose co-admin is disabled', () => {
    const kreis = person({ 'kreis-coesfeld': 'admin' });
    const only = person({ rosendahl: 'admin' });
    person({ rosendahl: 'admin' }, { disabled: true });
    expect(checkAdminCoverage({ kind: 'disable', userId: only.id })).toEqual({ kreis: false, kommunen: ['rosendahl'] });
    expect(() => setDisabled(kreis.viewer(), 'rosendahl', only.id, true)).toThrow(AdminConfirmationNeeded);
    expect(enabled(only.id)).toBe(true);
    setDisabled(kreis.viewer(), 'rosendahl', only.id, true, ['rosendahl']);
    expect(enabled(only.id)).toBe(false);
  });

  it('asks nothing when another enabled admin remains, or when the change keeps the admin role', () => {
    const a = person({ billerbeck: 'admin' });
    person({ billerbeck: 'admin' });
    expect(tenantsLeftWithoutAdmin({ kind: 'remove', userId: a.id, tenant: 'billerbeck' })).toEqual([]);
    const only = person({ luedinghausen: 'admin', ascheberg: 'redakteur' });
    expect(tenantsLeftWithoutAdmin({ kind: 'role', userId: only.id, tenant: 'luedinghausen', role: 'admin' })).toEqual([]);
    expect(tenantsLeftWithoutAdmin({ kind: 'remove', userId: only.id, tenant: 'ascheberg' })).toEqual([]);
    removeMember(a.viewer(), 'billerbeck', a.id);
    expect(roleOf(a.id, 'billerbeck')).toBeNull();
  });

  it('does not count a disabled admin as the one who would be lost', () => {
    const gone = person({ nordkirchen: 'admin' }, { disabled: true });
    expect(tenantsLeftWithoutAdmin({ kind: 'delete', userId: gone.id })).toEqual([]);
  });
});

describe('the operator\'s disable-user', () => {
  it('refuses the last enabled admin of the Kreis or a Kommune unless forced, and says how to repair it', () => {
    const kreis = person({ 'kreis-coesfeld': 'admin' });
    person({ 'kreis-coesfeld': 'admin' }, { disabled: true });
    expect(() => disableUser(kreis.email)).toThrow(OpsError);
    expect(() => disableUser(kreis.email)).toThrow(/last enabled admin of kreis-coesfeld.*create-admin/);
    expect(enabled(kreis.id)).toBe(true);
    const only = person({ coesfeld: 'admin' });
    expect(() => disableUser(only.email)).toThrow(/last enabled admin of coesfeld/);
    expect(disableUser(only.email, { force: true })).toEqual({ alreadyDisabled: false, withoutAdmin: ['coesfeld'] });
    expect(enabled(only.id)).toBe(false);
    expect(disableUser(kreis.email, { force: true }).withoutAdmin).toEqual(['kreis-coesfeld']);
  });
});
