import { and, desc, eq, gt, isNull, ne } from 'drizzle-orm';
import { writeAudit } from '../audit/log';
import { getConfig } from '../config';
import { IMMEDIATE, getDb } from '../db/client';
import { passwordResets, users } from '../db/schema';
import { formatDateTime } from '../format';
import { composeMail } from '../mail/compose';
import { queueMail, type OutboxRow } from '../mail/outbox';
import type { RenderResult } from '../mail/sender';
import { checkPasswordPolicy, hashPassword } from './password';
import { countResetRequest, RESET_ADDRESS_LIMIT, RESET_IP_LIMIT } from './reset-throttle';
import { generateToken, hashToken, invalidateUserSessions } from './session';
import { recordSignInSuccess } from './throttle';
import { findUserByEmail, newUserId, normaliseEmail, type UserRow } from './users';

/**
 * "Passwort vergessen?": a one-time link by mail. The token is minted when the mail is sent
 * (only its SHA-256 is stored), valid for one hour from the request, used once; using it sets
 * the new password and ends every session of the account. Only the newest request of an
 * account counts.
 */
export const RESET_TTL_MS = 60 * 60 * 1000;

export type ResetRow = typeof passwordResets.$inferSelect;

function eligible(user: UserRow | undefined): user is UserRow {
  return user !== undefined && user.passwordHash !== null && user.disabledAt === null;
}

function createReset(user: UserRow, requestedBy: 'selbst' | 'admin', now: number): void {
  const id = newUserId();
  getDb().insert(passwordResets).values({ id, userId: user.id, createdAt: now, expiresAt: now + RESET_TTL_MS, requestedBy }).run();
  queueMail({ kind: 'passwort', userId: user.id, address: user.email, payload: { resetId: id } }, now);
}

/**
 * A request from the sign-in page. The outcome the person sees is the same whether or not the
 * address has an account, and so is the work: one transaction with the throttle counters and
 * an audit entry either way. Only too many requests from one IP are told apart (429).
 */
export function requestPasswordReset(emailInput: string, ip: string, now = Date.now()): { ipLimited: boolean } {
  const email = normaliseEmail(emailInput);
  return getDb().transaction(() => {
    if (!countResetRequest(`ip:${ip}`, RESET_IP_LIMIT, now)) return { ipLimited: true };
    const addressOk = countResetRequest(`adresse:${email}`, RESET_ADDRESS_LIMIT, now);
    const user = findUserByEmail(email);
    const sent = addressOk && eligible(user);
    if (sent) createReset(user, 'selbst', now);
    writeAudit({ action: 'passwort.link-angefordert', actor: null, object: email, ip, detail: sent ? '' : addressOk ? 'kein Versand' : 'kein Versand (zu viele Anfragen)' });
    return { ipLimited: false };
  }, IMMEDIATE);
}

/** An admin sends the reset mail to a member; the admin never sees the link. */
export function sendPasswordResetByAdmin(userId: string, actor: { id: string; label: string }, tenant: string, ip: string, now = Date.now()): 'sent' | 'no-password' | 'too-many' {
  return getDb().transaction(() => {
    const user = getDb().select().from(users).where(eq(users.id, userId)).get();
    if (!eligible(user)) return 'no-password';
    if (!countResetRequest(`adresse:${user.email}`, RESET_ADDRESS_LIMIT, now)) return 'too-many';
    createReset(user, 'admin', now);
    writeAudit({ action: 'passwort.link-gesendet', actor, tenant, object: user.email, ip });
    return 'sent';
  }, IMMEDIATE);
}

/** Builds the reset mail when it is sent, minting the token; dropped when the request is settled or stale. */
export function renderResetMail(row: OutboxRow, now = Date.now()): RenderResult {
  const id = String((JSON.parse(row.payload) as { resetId?: unknown }).resetId ?? '');
  const db = getDb();
  const reset = db.select().from(passwordResets).where(eq(passwordResets.id, id)).get();
  if (!reset) return { drop: 'Die Anfrage gibt es nicht mehr.' };
  if (reset.usedAt !== null) return { drop: 'Der Link wurde schon verwendet.' };
  if (now >= reset.expiresAt) return { drop: 'Die Anfrage ist älter als eine Stunde.' };
  const newer = db.select({ id: passwordResets.id }).from(passwordResets).where(and(eq(passwordResets.userId, reset.userId), gt(passwordResets.createdAt, reset.createdAt))).get();
  if (newer) return { drop: 'Eine neuere Anfrage ersetzt diese.' };
  const user = db.select().from(users).where(eq(users.id, reset.userId)).get();
  if (!eligible(user)) return { drop: 'Das Konto hat kein Passwort oder ist deaktiviert.' };
  const token = generateToken();
  db.update(passwordResets).set({ tokenHash: hashToken(token) }).where(eq(passwordResets.id, reset.id)).run();
  const origin = getConfig().origin;
  const body = composeMail({
    greeting: `Guten Tag ${user.name},`,
    blocks: [
      {
        p:
          reset.requestedBy === 'admin'
            ? 'die Administration Ihrer Kommune hat für Ihr Konto im Wissensnetz einen Link zum Festlegen eines neuen Passworts angefordert.'
            : 'für Ihr Konto im Wissensnetz wurde ein neues Passwort angefordert.',
      },
      { link: { label: 'Neues Passwort festlegen', url: `${origin}/passwort-neu?t=${token}` } },
      { p: `Der Link ist bis ${formatDateTime(reset.expiresAt)} Uhr gültig und funktioniert nur einmal. Sobald Sie ein neues Passwort festlegen, werden alle Ihre Sitzungen beendet.` },
      { p: 'Wenn Sie kein neues Passwort angefordert haben, können Sie diese Mail ignorieren: Ihr Passwort bleibt unverändert.' },
    ],
    reason: 'für Ihre Adresse ein neues Passwort angefordert wurde (Sicherheitsmail, sie lässt sich nicht abbestellen)',
    origin,
  });
  return { mail: { to: { name: user.name, address: user.email }, subject: 'Neues Passwort für das Wissensnetz festlegen', ...body } };
}

export type ResetState = { ok: true; reset: ResetRow; user: UserRow } | { ok: false };

/** Whether a link's token may still be used. */
export function checkResetToken(token: string, now = Date.now()): ResetState {
  if (!/^[a-z2-7]{20,64}$/.test(token)) return { ok: false };
  const db = getDb();
  const reset = db.select().from(passwordResets).where(eq(passwordResets.tokenHash, hashToken(token))).get();
  if (!reset || reset.usedAt !== null || now >= reset.expiresAt) return { ok: false };
  const user = db.select().from(users).where(eq(users.id, reset.userId)).get();
  return eligible(user) ? { ok: true, reset, user } : { ok: false };
}

export type ResetOutcome = { ok: true; user: UserRow } | { ok: false; errors: Record<string, string>; expired?: boolean };

/** Sets the new password, uses the link up, ends every session, voids other links of the account and lifts the address's sign-in wait. */
export async function completePasswordReset(token: string, password: string, repeat: string, ip: string, now = Date.now()): Promise<ResetOutcome> {
  const state = checkResetToken(token, now);
  if (!state.ok) return { ok: false, expired: true, errors: { form: 'Dieser Link ist abgelaufen oder wurde schon verwendet. Bitte fordern Sie einen neuen an.' } };
  const policy = checkPasswordPolicy(password);
  if (policy) return { ok: false, errors: { password: policy } };
  if (password !== repeat) return { ok: false, errors: { repeat: 'Die beiden Passwörter stimmen nicht überein.' } };
  const passwordHash = await hashPassword(password);
  const db = getDb();
  return db.transaction(() => {
    const claimed = db
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.id, state.reset.id), isNull(passwordResets.usedAt)))
      .returning()
      .get();
    if (!claimed) return { ok: false as const, expired: true, errors: { form: 'Dieser Link wurde inzwischen verwendet. Bitte fordern Sie einen neuen an.' } };
    db.update(users).set({ passwordHash }).where(eq(users.id, state.user.id)).run();
    invalidateUserSessions(state.user.id);
    // Whoever used the link reads the account's mailbox: the wait that failed guesses of the old
    // password put on the address ends, so the new password works at once.
    recordSignInSuccess(state.user.email);
    db.update(passwordResets).set({ usedAt: now }).where(and(eq(passwordResets.userId, state.user.id), ne(passwordResets.id, state.reset.id), isNull(passwordResets.usedAt))).run();
    writeAudit({ action: 'passwort.zurueckgesetzt', actor: { id: state.user.id, label: state.user.email }, object: state.user.email, ip });
    return { ok: true as const, user: state.user };
  }, IMMEDIATE);
}

/** Open requests of a person, for the personal data export. */
export function resetsOf(userId: string) {
  return getDb()
    .select({ angefordert: passwordResets.createdAt, gueltigBis: passwordResets.expiresAt, verwendet: passwordResets.usedAt, durch: passwordResets.requestedBy })
    .from(passwordResets)
    .where(eq(passwordResets.userId, userId))
    .orderBy(desc(passwordResets.createdAt))
    .all()
    .map((r) => ({ ...r, angefordert: new Date(r.angefordert).toISOString(), gueltigBis: new Date(r.gueltigBis).toISOString(), verwendet: r.verwendet === null ? null : new Date(r.verwendet).toISOString() }));
}
