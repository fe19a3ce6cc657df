import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import { IMMEDIATE, getDb, prepared } from '../db/client';
import { apiTokens, users } from '../db/schema';
import { writeAudit } from '../audit/log';
import { hashToken } from './session';

// Personal API tokens: 160 random bits behind a recognisable prefix (so secret scanners and
// people can tell what leaked), shown once, stored only as SHA-256 like session tokens. A token
// reads with its owner's rights at the moment of each request: a changed role, a disabled or
// deleted account takes effect at once.
export const TOKEN_PREFIX = 'wn_';
export const TOKEN_VALIDITY_DAYS = [30, 90, 180, 365] as const;
export const MAX_ACTIVE_TOKENS = 10;
export const TOKEN_NAME_MAX = 80;
const DAY = 24 * 60 * 60 * 1000;

export type ApiTokenRow = typeof apiTokens.$inferSelect;
export type TokenState = 'aktiv' | 'abgelaufen' | 'widerrufen';

export function tokenState(row: Pick<ApiTokenRow, 'expiresAt' | 'revokedAt'>, now = Date.now()): TokenState {
  if (row.revokedAt !== null) return 'widerrufen';
  return now >= row.expiresAt ? 'abgelaufen' : 'aktiv';
}

export interface Actor {
  id: string;
  label: string;
  ip: string;
}

export type CreateResult = { ok: true; token: string; row: ApiTokenRow } | { ok: false; errors: Record<string, string> };

/** Checks name and validity, creates the token and audits it; the token is returned once and never stored. */
export function createApiToken(actor: Actor, input: { name: string; days: string }, now = Date.now()): CreateResult {
  const name = input.name.trim().replace(/\s+/g, ' ');
  const days = Number(input.days);
  const errors: Record<string, string> = {};
  if (!name) errors['token-name'] = 'Bitte geben Sie dem Token einen Namen, z. B. den des Systems, das ihn verwendet.';
  else if (name.length > TOKEN_NAME_MAX) errors['token-name'] = `Der Name darf höchstens ${TOKEN_NAME_MAX} Zeichen lang sein.`;
  else if (/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(name)) errors['token-name'] = 'Der Name darf keine Steuerzeichen enthalten.';
  if (!(TOKEN_VALIDITY_DAYS as readonly number[]).includes(days)) errors['token-days'] = 'Bitte wählen Sie eine der angebotenen Gültigkeitsdauern.';
  if (Object.keys(errors).length) return { ok: false, errors };
  const db = getDb();
  return db.transaction(() => {
    const active = db
      .select({ n: count() })
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, actor.id), isNull(apiTokens.revokedAt), sql`${apiTokens.expiresAt} > ${now}`))
      .get()?.n ?? 0;
    if (active >= MAX_ACTIVE_TOKENS) {
      return { ok: false as const, errors: { 'token-name': `Sie haben bereits ${MAX_ACTIVE_TOKENS} gültige Tokens. Bitte widerrufen Sie zuerst einen, den Sie nicht mehr brauchen.` } };
    }
    const bytes = new Uint8Array(20);
    crypto.getRandomValues(bytes);
    const token = TOKEN_PREFIX + encodeBase32LowerCaseNoPadding(bytes);
    const id = hashToken(token);
    const row = db
      .insert(apiTokens)
      .values({ id, publicId: id.slice(0, 16), userId: actor.id, name, createdAt: now, expiresAt: now + days * DAY })
      .returning()
      .get();
    writeAudit({ action: 'api-token.erstellt', actor, ip: actor.ip, object: row.publicId, detail: `${name}; gültig bis ${new Date(row.expiresAt).toISOString().slice(0, 10)}` });
    return { ok: true as const, token, row };
  }, IMMEDIATE);
}

/** Revokes one of the person's own tokens by its public id; false when there is no such live token. */
export function revokeApiToken(actor: Actor, publicId: string, now = Date.now()): boolean {
  const db = getDb();
  return db.transaction(() => {
    const row = db.select().from(apiTokens).where(and(eq(apiTokens.publicId, publicId), eq(apiTokens.userId, actor.id))).get();
    if (!row || row.revokedAt !== null) return false;
    db.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, row.id)).run();
    writeAudit({ action: 'api-token.widerrufen', actor, ip: actor.ip, object: row.publicId, detail: row.name });
    return true;
  }, IMMEDIATE);
}

/** The person's tokens, newest first (revoked and expired ones too: the page shows their state). */
export function listApiTokens(userId: string): ApiTokenRow[] {
  return getDb().select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt)).all();
}

/** For the personal data export: names and dates, never the hash. */
export function apiTokensForExport(userId: string): Record<string, string | null>[] {
  return listApiTokens(userId).map((t) => ({
    name: t.name,
    kennung: t.publicId,
    angelegt: new Date(t.createdAt).toISOString(),
    laeuftAb: new Date(t.expiresAt).toISOString(),
    zuletztBenutzt: t.lastUsedAt === null ? null : new Date(t.lastUsedAt).toISOString().slice(0, 10),
    widerrufen: t.revokedAt === null ? null : new Date(t.revokedAt).toISOString(),
  }));
}

export interface TokenOwner {
  userId: string;
  publicId: string;
}

const readToken = (id: string) =>
  prepared('api-token-by-id', (d) =>
    d
      .select({ token: apiTokens, disabledAt: users.disabledAt })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(eq(apiTokens.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id });

/**
 * The owner of a live token; null when it is unknown, revoked, expired or its account is
 * disabled. Notes the day of use at most once a day: every write empties the caches.
 */
export function validateApiToken(token: string, now = Date.now()): TokenOwner | null {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const row = readToken(hashToken(token));
  if (!row || row.disabledAt !== null || tokenState(row.token, now) !== 'aktiv') return null;
  const today = Math.floor(now / DAY) * DAY;
  if (row.token.lastUsedAt === null || row.token.lastUsedAt < today) {
    getDb().update(apiTokens).set({ lastUsedAt: today }).where(eq(apiTokens.id, row.token.id)).run();
  }
  return { userId: row.token.userId, publicId: row.token.publicId };
}
