import { describe, expect, it } from 'vitest';
import { generateTOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { createUser, setMembership } from '../../src/lib/auth/users';
import { membershipOf } from '../../src/lib/auth/members';
import { beginEnrolment, hasSecondFactor, useCode } from '../../src/lib/auth/totp';
import { confirmEnrolment, resetSecondFactor } from '../../src/lib/auth/second-factor';
import { remainingRecoveryCodes, useRecoveryCode } from '../../src/lib/auth/recovery-codes';
import { checkInvitation, createInvitation, redeemInvitation, revokeInvitation } from '../../src/lib/auth/invitations';
import { resolveSsoAccount } from '../../src/lib/oidc/accounts';
import type { ProviderSettings } from '../../src/lib/oidc/settings';

let n = 0;
const email = () => `person${++n}-${Date.now()}@example.org`;

/** The code an app shows at `at` (ms). */
function codeAt(secret: string, at: number): string {
  const real = Date.now;
  Date.now = () => at;
  try {
    return generateTOTP(decodeBase32IgnorePadding(secret), 30, 6);
  } finally {
    Date.now = real;
  }
}

describe('TOTP', () => {
  it('accepts a code once, the neighbouring step for a drifting clock, and nothing older than the last used step', () => {
    const user = createUser({ email: email(), name: 'T', passwordHash: 'x' });
    const secret = beginEnrolment(user.id);
    const now = Date.now();
    expect(hasSecondFactor(user.id)).toBe(false);
    const codes = confirmEnrolment(user.id, codeAt(secret, now));
    expect(codes).toHaveLength(10);
    expect(hasSecondFactor(user.id)).toBe(true);
    // The same code again: refused (replay), also a step earlier.
    expect(useCode(user.id, codeAt(secret, now), {}, now)).toBe(false);
    expect(useCode(user.id, codeAt(secret, now - 30_000), {}, now)).toBe(false);
    // The next step (the phone's clock a little ahead): accepted once.
    expect(useCode(user.id, codeAt(secret, now + 30_000), {}, now)).toBe(true);
    expect(useCode(user.id, codeAt(secret, now + 30_000), {}, now)).toBe(false);
    // Two steps away: refused.
    expect(useCode(user.id, codeAt(secret, now + 90_000), {}, now)).toBe(false);
    expect(useCode(user.id, 'abcdef', {}, now)).toBe(false);
  });

  it('uses a recovery code once; a reset removes key and codes', () => {
    const user = createUser({ email: email(), name: 'R', passwordHash: 'x' });
    const secret = beginEnrolment(user.id);
    const codes = confirmEnrolment(user.id, codeAt(secret, Date.now()))!;
    expect(useRecoveryCode(user.id, codes[3]!.toUpperCase().replace(/-/g, ' '))).toBe(true);
    expect(useRecoveryCode(user.id, codes[3]!)).toBe(false);
    expect(remainingRecoveryCodes(user.id)).toBe(9);
    const other = createUser({ email: email(), name: 'O', passwordHash: 'x' });
    expect(useRecoveryCode(other.id, codes[4]!)).toBe(false);
    expect(resetSecondFactor(user.id)).toBe(true);
    expect(hasSecondFactor(user.id)).toBe(false);
    expect(useRecoveryCode(user.id, codes[4]!)).toBe(false);
  });
});

const provider: ProviderSettings = { tenant: 'duelmen', issuer: 'https://login.example.de/realms/duelmen', clientId: 'wn', label: 'x', scopes: [], clientSecret: 's' };

describe('accounts from a provider', () => {
  it('are keyed by issuer and subject: the same e-mail address from another subject does not reach the account', () => {
    const address = email();
    const first = resolveSsoAccount(provider, { issuer: provider.issuer, subject: 'a', claims: { email: address, name: 'Anna A' } });
    expect(first.kind).toBe('signed-in');
    const again = resolveSsoAccount(provider, { issuer: provider.issuer, subject: 'a', claims: { email: email() } });
    expect(again.kind === 'signed-in' && again.user.id).toBe(first.kind === 'signed-in' && first.user.id);
    const other = resolveSsoAccount(provider, { issuer: provider.issuer, subject: 'b', claims: { email: address } });
    expect(other.kind).toBe('refused');
    const foreignIssuer = resolveSsoAccount({ ...provider, issuer: 'https://other.example' }, { issuer: 'https://other.example', subject: 'a', claims: { email: address } });
    expect(foreignIssuer.kind).toBe('refused');
  });

  it('ask for proof before reaching a local account with the same address', () => {
    const local = createUser({ email: email(), name: 'Lokal', passwordHash: 'x' });
    const outcome = resolveSsoAccount(provider, { issuer: provider.issuer, subject: 'lokal', claims: { email: local.email } });
    expect(outcome.kind).toBe('needs-link');
  });

  it('never take the last enabled Kreis admin away through a group claim', () => {
    const kreis: ProviderSettings = { ...provider, tenant: 'kreis-coesfeld', rollen: { claim: 'groups', admin: 'WN-Admin' } };
    const outcome = resolveSsoAccount(kreis, { issuer: kreis.issuer, subject: 'chefin', claims: { email: email(), groups: ['WN-Admin'] } });
    expect(outcome.kind).toBe('signed-in');
    const id = outcome.kind === 'signed-in' ? outcome.user.id : '';
    expect(membershipOf(id, 'kreis-coesfeld')).toBe('admin');
    // If she is the only enabled Kreis admin, losing the group keeps her admin.
    const others = resolveSsoAccount(kreis, { issuer: kreis.issuer, subject: 'chefin', claims: { groups: [] } });
    expect(others.kind).toBe('signed-in');
    expect(membershipOf(id, 'kreis-coesfeld')).toBe(others.kind === 'signed-in' && others.roleKept ? 'admin' : 'mitarbeiter');
  });
});

describe('invitations', () => {
  it('a revoked invitation can be neither checked nor redeemed', () => {
    const { token, invitation } = createInvitation({ email: email(), tenant: 'olfen', role: 'mitarbeiter', invitedBy: null });
    expect(revokeInvitation('senden', invitation.id)).toBeNull();
    expect(revokeInvitation('olfen', invitation.id)?.email).toBe(invitation.email);
    expect(revokeInvitation('olfen', invitation.id)).toBeNull();
    expect(checkInvitation(token)).toEqual({ ok: false, reason: 'revoked' });
    expect(redeemInvitation(token, { name: 'X', passwordHash: 'h' })).toBeNull();
  });

  it('never gives an account that signs in through its provider a password by link', () => {
    const address = email();
    const sso = resolveSsoAccount(provider, { issuer: provider.issuer, subject: `sso-${n}`, claims: { email: address } });
    expect(sso.kind).toBe('signed-in');
    const { token } = createInvitation({ email: address, tenant: 'senden', role: 'redakteur', invitedBy: null });
    const state = checkInvitation(token);
    expect(state.ok && state.existingUser).toBe(true);
    expect(redeemInvitation(token, { name: 'Übernahme', passwordHash: 'hash' })).toBeNull();
    // Signed in (no password given), she accepts it.
    expect(redeemInvitation(token, { name: '', passwordHash: null })?.invitation.tenant).toBe('senden');
    const id = sso.kind === 'signed-in' ? sso.user.id : '';
    expect(membershipOf(id, 'senden')).toBe('redakteur');
    setMembership(id, 'senden', 'mitarbeiter');
  });
});
