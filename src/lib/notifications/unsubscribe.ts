import { eq, lt, sql } from 'drizzle-orm';
import { generateToken, hashToken } from '../auth/session';
import { getConfig } from '../config';
import { getDb, prepared, withoutFsync } from '../db/client';
import { unsubscribeTokens } from '../db/schema';
import { getDocumentById } from '../documents/revisions';
import { canReadDocument } from '../documents/visibility';
import { loadViewer } from '../auth/viewer';
import { isPurpose, PURPOSE_LABELS, setWantsMail } from './preferences';
import { parseSubject, subjectLabel } from './subjects';
import { follow, subjectsWithFrequency, switchOffFrequency } from './subscriptions';

/**
 * One-click unsubscribe (RFC 8058). Every mail that is not a security mail carries its own
 * random token, bound to one person and one purpose; only its SHA-256 is stored. The token
 * authorises exactly one thing: switching that purpose off. Purposes:
 *   folge:<subject>          one watch or follow (beitrag:12, themenfeld:schule …)
 *   digest:taeglich|woechentlich   every follow with that frequency (the digest)
 *   redaktion | erinnerung | austausch   the mails of that purpose
 */
const TOKEN_DAYS = 180;

export function unsubscribeUrl(userId: string, purpose: string, now = Date.now()): string {
  const token = generateToken();
  const insert = prepared('insert-unsubscribe-token', (d) =>
    d.insert(unsubscribeTokens).values({ tokenHash: sql.placeholder('hash'), userId: sql.placeholder('user'), purpose: sql.placeholder('purpose'), createdAt: sql.placeholder('at') }).prepare(),
  );
  // One per mail sent: no fsync of its own (a power cut could only void the link of a mail just built).
  withoutFsync(() => insert.run({ hash: hashToken(token), user: userId, purpose, at: now }));
  return `${getConfig().origin}/abbestellen?t=${token}`;
}

export interface Unsubscription {
  userId: string;
  purpose: string;
  /** German: what the person stops receiving. */
  description: string;
}

function describePurpose(userId: string, purpose: string): string {
  if (isPurpose(purpose)) return PURPOSE_LABELS[purpose];
  if (purpose.startsWith('digest:')) {
    const frequency = purpose.slice(7) as 'taeglich' | 'woechentlich';
    const what = subjectsWithFrequency(userId, frequency).map((s) => subjectName(userId, s));
    return `die ${frequency === 'taeglich' ? 'tägliche' : 'wöchentliche'} Zusammenfassung${what.length ? ` (${what.join(', ')})` : ''}`;
  }
  return `Benachrichtigungen zu ${subjectName(userId, purpose.slice(6))}`;
}

/** A Beitrag is named only while the person may read it. */
function subjectName(userId: string, subject: string): string {
  const parsed = parseSubject(subject);
  if (parsed?.kind !== 'beitrag') return subjectLabel(subject);
  const doc = getDocumentById(Number(parsed.key));
  const viewer = loadViewer(userId);
  return doc && viewer && canReadDocument(viewer, doc) ? `dem Beitrag „${doc.title}“` : 'einem Beitrag';
}

/** What a token would switch off, or null for an unknown or expired token. */
export function resolveUnsubscribe(token: string, now = Date.now()): Unsubscription | null {
  if (!/^[a-z2-7]{20,64}$/.test(token)) return null;
  const row = getDb().select().from(unsubscribeTokens).where(eq(unsubscribeTokens.tokenHash, hashToken(token))).get();
  if (!row || now - row.createdAt > TOKEN_DAYS * 24 * 60 * 60 * 1000) return null;
  return { userId: row.userId, purpose: row.purpose, description: describePurpose(row.userId, row.purpose) };
}

/** Switches the purpose off; doing it twice is harmless. */
export function applyUnsubscribe(u: Unsubscription): void {
  if (isPurpose(u.purpose)) setWantsMail(u.userId, u.purpose, false);
  else if (u.purpose === 'digest:taeglich' || u.purpose === 'digest:woechentlich') switchOffFrequency(u.userId, u.purpose.slice(7) as 'taeglich' | 'woechentlich');
  else if (u.purpose.startsWith('folge:')) follow(u.userId, u.purpose.slice(6), 'aus');
}

export function pruneUnsubscribeTokens(now = Date.now()): void {
  getDb().delete(unsubscribeTokens).where(lt(unsubscribeTokens.createdAt, now - TOKEN_DAYS * 24 * 60 * 60 * 1000)).run();
}

