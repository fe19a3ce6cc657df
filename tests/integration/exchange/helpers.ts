import type { Viewer } from '../../../src/lib/auth/viewer';
import type { Role } from '../../../src/lib/auth/viewer';
import { getDocumentById } from '../../../src/lib/documents/revisions';
import type { DocumentRow } from '../../../src/lib/documents/store';
import { getAnswer, postAnswer, type AnswerRow } from '../../../src/lib/exchange/answers';
import { getComment, postComment, type CommentRow } from '../../../src/lib/exchange/comments';
import { newFormToken } from '../../../src/lib/exchange/posting';
import { askQuestion, getQuestion, type QuestionRow } from '../../../src/lib/exchange/questions';
import type { QuestionInput } from '../../../src/lib/exchange/vocabulary';
import { makeActor } from '../documents/helpers';

/** A person with one role in one Kommune. */
export function person(tenant: string, role: Role): Viewer {
  return makeActor(tenant, role).viewer;
}

/** Asks a question through the lib, as the form does; fails the test when refused. */
export function ask(viewer: Viewer, input: Partial<QuestionInput> = {}): QuestionRow {
  const tenant = input.tenant ?? Object.keys(viewer.memberships)[0]!;
  const outcome = askQuestion(viewer, { tenant, title: 'Hat schon jemand Erfahrung damit?', body: 'Wir möchten wissen, wie andere das gelöst haben.', topics: ['schule'], tags: [], visibility: 'intern', ...input }, newFormToken());
  if (!outcome.ok) throw new Error(`question refused: ${JSON.stringify(outcome.errors)}`);
  return getQuestion(outcome.id)!;
}

export function answer(viewer: Viewer, question: QuestionRow, body = 'So haben wir es gemacht.', links: number[] = []): AnswerRow {
  const outcome = postAnswer(viewer, question, { tenant: Object.keys(viewer.memberships)[0]!, body, links }, newFormToken());
  if (!outcome.ok) throw new Error(`answer refused: ${JSON.stringify(outcome.errors)}`);
  return getAnswer(outcome.id)!;
}

export function comment(viewer: Viewer, doc: DocumentRow, body = 'Danke, das hilft uns weiter.'): CommentRow {
  const outcome = postComment(viewer, getDocumentById(doc.id)!, { tenant: Object.keys(viewer.memberships)[0]!, body }, newFormToken());
  if (!outcome.ok) throw new Error(`comment refused: ${JSON.stringify(outcome.errors)}`);
  return getComment(outcome.id)!;
}
