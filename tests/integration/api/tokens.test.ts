import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiTokensForExport, createApiToken, listApiTokens, MAX_ACTIVE_TOKENS, revokeApiToken, validateApiToken } from '../../../src/lib/auth/api-tokens';
import { deleteAccount, exportPersonalData } from '../../../src/lib/auth/account';
import { createUser, setMembership } from '../../../src/lib/auth/users';
import { listAudit } from '../../../src/lib/audit/log';
import { getDb } from '../../../src/lib/db/client';
import { apiTokens, users } from '../../../src/lib/db/schema';

let n = 0;
function person(tenant = 'duelmen') {
  const user = createUser({ email: `token${++n}@example.org`, name: `Token ${n}`, passwordHash: null });
  setMembership(user.id, tenant, 'mitarbeiter');
  return { id: user.id, label: user.email, ip: '198.51.100.7' };
}
const DAY = 24 * 60 * 60 * 1000;

describe('personal API tokens', () => {
  it('are shown once, stored only as a hash, and name their owner while valid', () => {
    const actor = person();
    const created = createApiToken(actor, { name: 'CMS der Stadt', days: '30' });
    if (!created.ok) throw new Error('not created');
    expect(created.token).toMatch(/^wn_[a-z2-7]{32}$/);
    const stored = getDb().select().from(apiTokens).where(eq(apiTokens.userId, actor.id)).all();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(created.token);
    expect(validateApiToken(created.token)).toEqual({ userId: actor.id, publicId: created.row.publicId });
    const last = created.token.slice(-1);
    expect(validateApiToken(created.token.slice(0, -1) + (last === 'a' ? 'b' : 'a'))).toBeNull();
  });

  it('stop working when they expire', () => {
    const actor = person();
    const now = Date.now();
    const created = createApiToken(actor, { name: 'kurz', days: '30' }, now);
    if (!created.ok) throw new Error('not created');
    expect(validateApiToken(created.token, now + 29 * DAY)).not.toBeNull();
    expect(validateApiToken(created.token, now + 30 * DAY)).toBeNull();
  });

  it('stop working when revoked, which only their owner can do, and both steps are audited', () => {
    const owner = person();
    const other = person();
    const created = createApiToken(owner, { name: 'Auswertung', days: '90' });
    if (!created.ok) throw new Error('not created');
    expect(revokeApiToken(other, created.row.publicId)).toBe(false);
    expect(validateApiToken(created.token)).not.toBeNull();
    expect(revokeApiToken(owner, created.row.publicId)).toBe(true);
    expect(validateApiToken(created.token)).toBeNull();
    expect(revokeApiToken(owner, created.row.publicId)).toBe(false);
    const mine = listAudit(null, 1, 500).items.filter((e) => e.object === created.row.publicId).map((e) => `${e.action} ${e.actorLabel} ${e.ip}`);
    expect(mine).toEqual([`api-token.widerrufen ${owner.label} 198.51.100.7`, `api-token.erstellt ${owner.label} 198.51.100.7`]);
  });

  it('stop working while the account is disabled', () => {
    const actor = person();
    const created = createApiToken(actor, { name: 'x', days: '30' });
    if (!created.ok) throw new Error('not created');
    getDb().update(users).set({ disabledAt: new Date().toISOString() }).where(eq(users.id, actor.id)).run();
    expect(validateApiToken(created.token)).toBeNull();
  });

  it('are deleted with the account', () => {
    const actor = person();
    const created = createApiToken(actor, { name: 'weg', days: '30' });
    if (!created.ok) throw new Error('not created');
    deleteAccount(actor.id);
    expect(listApiTokens(actor.id)).toEqual([]);
    expect(validateApiToken(created.token)).toBeNull();
  });

  it('appear in the personal data export with names and dates, never the token or its hash', () => {
    const actor = person();
    const created = createApiToken(actor, { name: 'Export-Test', days: '365' });
    if (!created.ok) throw new Error('not created');
    revokeApiToken(actor, created.row.publicId);
    const exported = exportPersonalData(actor.id);
    expect(exported['apiZugaenge']).toEqual([expect.objectContaining({ name: 'Export-Test', kennung: created.row.publicId, widerrufen: expect.any(String), laeuftAb: expect.any(String) })]);
    const text = JSON.stringify(exported);
    expect(text).not.toContain(created.token);
    expect(text).not.toContain(created.row.id);
    expect(apiTokensForExport(actor.id)[0]).not.toHaveProperty('id');
  });

  it('note the day of use once, not a write per request', () => {
    const actor = person();
    const created = createApiToken(actor, { name: 'tag', days: '30' });
    if (!created.ok) throw new Error('not created');
    const sqlite = getDb().$client;
    validateApiToken(created.token);
    const before = sqlite.prepare('SELECT total_changes()').pluck().get();
    for (let i = 0; i < 5; i++) validateApiToken(created.token);
    expect(sqlite.prepare('SELECT total_changes()').pluck().get()).toBe(before);
    expect(listApiTokens(actor.id)[0]!.lastUsedAt).not.toBeNull();
  });

  it('refuse an empty name, an unknown validity and more than the allowed number of valid tokens', () => {
    const actor = person();
    expect(createApiToken(actor, { name: '  ', days: '30' })).toMatchObject({ ok: false, errors: { 'token-name': expect.any(String) } });
    expect(createApiToken(actor, { name: 'x', days: '3650' })).toMatchObject({ ok: false, errors: { 'token-days': expect.any(String) } });
    for (let i = 0; i < MAX_ACTIVE_TOKENS; i++) expect(createApiToken(actor, { name: `t${i}`, days: '30' }).ok).toBe(true);
    expect(createApiToken(actor, { name: 'zu viel', days: '30' })).toMatchObject({ ok: false, errors: { 'token-name': expect.stringContaining('widerrufen') } });
  });
});
