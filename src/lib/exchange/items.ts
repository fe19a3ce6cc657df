import type { Viewer } from '../auth/viewer';
import { getDocumentById } from '../documents/revisions';
import { documentPath } from '../documents/route';
import { canModerateComments, canModerateQuestion, canReadAnswer, canReadComment, canReadQuestion } from '../documents/visibility';
import { getAnswer } from './answers';
import { getComment } from './comments';
import { getQuestion } from './questions';
import type { ExchangeKind } from './vocabulary';

/** A question, answer or comment with what moderation and reports need to know about it. */
export interface ExchangeItem {
  kind: ExchangeKind;
  id: number;
  /** The Kommune whose admins moderate it. */
  tenant: string;
  authorId: string | null;
  authorLabel: string;
  createdAt: string;
  hiddenAt: string | null;
  hiddenReason: string | null;
  html: string;
  /** Where it is shown. */
  path: string;
  /** "Frage „…“" or "Beitrag „…“", the place it belongs to. */
  context: string;
  canRead: (viewer: Viewer | null) => boolean;
  canModerate: (viewer: Viewer | null) => boolean;
}

export function questionPath(id: number): string {
  return `/fragen/${id}`;
}

/** The item of a kind and id, or undefined when it (or what it hangs on) does not exist. */
export function resolveItem(kind: ExchangeKind, id: number): ExchangeItem | undefined {
  if (kind === 'frage') {
    const q = getQuestion(id);
    if (!q) return undefined;
    return {
      ...pick(q),
      kind,
      tenant: q.tenant,
      path: questionPath(q.id),
      context: `Frage „${q.title}“`,
      canRead: (v) => canReadQuestion(v, q),
      canModerate: (v) => canModerateQuestion(v, q),
    };
  }
  if (kind === 'antwort') {
    const a = getAnswer(id);
    const q = a && getQuestion(a.questionId);
    if (!a || !q) return undefined;
    return {
      ...pick(a),
      kind,
      tenant: q.tenant,
      path: `${questionPath(q.id)}#antwort-${a.id}`,
      context: `Frage „${q.title}“`,
      canRead: (v) => canReadAnswer(v, q, a),
      canModerate: (v) => canModerateQuestion(v, q),
    };
  }
  const c = getComment(id);
  const doc = c && getDocumentById(c.documentId);
  if (!c || !doc) return undefined;
  return {
    ...pick(c),
    kind,
    tenant: doc.tenant,
    path: `${documentPath(doc)}#kommentar-${c.id}`,
    context: `Beitrag „${doc.title}“`,
    canRead: (v) => canReadComment(v, doc, c),
    canModerate: (v) => canModerateComments(v, doc),
  };
}

function pick(row: { id: number; authorId: string | null; authorLabel: string; createdAt: string; hiddenAt: string | null; hiddenReason: string | null; html: string }) {
  return { id: row.id, authorId: row.authorId, authorLabel: row.authorLabel, createdAt: row.createdAt, hiddenAt: row.hiddenAt, hiddenReason: row.hiddenReason, html: row.html };
}
