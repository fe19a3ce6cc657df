import { beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../../src/lib/auth/viewer';
import { canReadAnswer, canReadComment, canReadQuestion } from '../../../src/lib/documents/visibility';
import { getDocumentById } from '../../../src/lib/documents/revisions';
import type { DocumentRow } from '../../../src/lib/documents/store';
import { exchangeCountsFor, listAnswers, mentionsOf } from '../../../src/lib/exchange/answers';
import { listComments } from '../../../src/lib/exchange/comments';
import { hideItem } from '../../../src/lib/exchange/moderation';
import { resolveItem } from '../../../src/lib/exchange/items';
import { listQuestions, getQuestion, setQuestionVisibility, type QuestionRow } from '../../../src/lib/exchange/questions';
import { listExchangeIndexEntries } from '../../../src/lib/exchange/search-records';
import { readableAudiences } from '../../../src/lib/search/audiences';
import { publishBeitrag } from '../../fixtures/beitraege';
import { answer, ask, comment, person } from './helpers';

// The matrix of the issue: who reads an intern and a "nur Kommune" question, answer and
// comment of Dülmen — through the rule, through the lists pages use, and through the
// search index their entries go into.
type Who = 'anonym' | 'staffDuelmen' | 'staffSenden' | 'adminDuelmen' | 'adminSenden' | 'kreisAdmin';
const people = {} as Record<Who, Viewer | null>;
const items = {} as {
  internQuestion: QuestionRow;
  kommuneQuestion: QuestionRow;
  publicQuestion: QuestionRow;
  internAnswer: number;
  kommuneAnswer: number;
  publicAnswer: number;
  internDoc: DocumentRow;
  kommuneDoc: DocumentRow;
  publicDoc: DocumentRow;
  internComment: number;
  kommuneComment: number;
  publicComment: number;
};

beforeAll(() => {
  people.anonym = null;
  people.staffDuelmen = person('duelmen', 'mitarbeiter');
  people.staffSenden = person('senden', 'mitarbeiter');
  people.adminDuelmen = person('duelmen', 'admin');
  people.adminSenden = person('senden', 'admin');
  people.kreisAdmin = person('kreis-coesfeld', 'admin');
  const asker = person('duelmen', 'mitarbeiter');
  items.internQuestion = ask(asker, { title: 'Interne Frage aus Dülmen?', visibility: 'intern' });
  items.kommuneQuestion = ask(asker, { title: 'Frage nur für Dülmen?', visibility: 'kommune' });
  // Public only when an admin of Dülmen decides so.
  const madePublic = ask(asker, { title: 'Öffentliche Frage aus Dülmen?', visibility: 'intern' });
  setQuestionVisibility(people.adminDuelmen!, madePublic, 'oeffentlich', '192.0.2.1');
  items.publicQuestion = getQuestion(madePublic.id)!;
  items.internDoc = publishBeitrag({ tenant: 'duelmen', title: 'Interner Beitrag für Kommentare', body: 'Text.', visibility: 'intern' });
  items.kommuneDoc = publishBeitrag({ tenant: 'duelmen', title: 'Dülmener Beitrag für Kommentare', body: 'Text.', visibility: 'kommune' });
  items.publicDoc = publishBeitrag({ tenant: 'duelmen', title: 'Öffentlicher Beitrag für Kommentare', body: 'Text.', visibility: 'oeffentlich' });
  const colleague = person('duelmen', 'redakteur');
  items.internAnswer = answer(colleague, items.internQuestion, 'Antwort auf die interne Frage.', [items.publicDoc.id]).id;
  items.kommuneAnswer = answer(colleague, items.kommuneQuestion, 'Antwort auf die Dülmener Frage.', [items.kommuneDoc.id]).id;
  items.publicAnswer = answer(colleague, items.publicQuestion, 'Antwort auf die öffentliche Frage.').id;
  items.internComment = comment(colleague, items.internDoc).id;
  items.kommuneComment = comment(colleague, items.kommuneDoc).id;
  items.publicComment = comment(colleague, items.publicDoc).id;
});

const ALL: Who[] = ['anonym', 'staffDuelmen', 'staffSenden', 'adminDuelmen', 'adminSenden', 'kreisAdmin'];
const ONLY = (...who: Who[]) => Object.fromEntries(ALL.map((w) => [w, who.includes(w)])) as Record<Who, boolean>;
const STAFF = ONLY('staffDuelmen', 'staffSenden', 'adminDuelmen', 'adminSenden', 'kreisAdmin');
const DUELMEN = ONLY('staffDuelmen', 'adminDuelmen', 'kreisAdmin');

function readsEverywhere(who: Who, kind: 'question' | 'answer' | 'comment', key: 'intern' | 'kommune' | 'public'): boolean[] {
  const viewer = people[who];
  const entries = listExchangeIndexEntries();
  const audiences = readableAudiences(viewer);
  const question = { intern: items.internQuestion, kommune: items.kommuneQuestion, public: items.publicQuestion }[key];
  if (kind === 'question') {
    const q = question;
    const entry = entries.find((e) => e.key === `question:${q.id}`)!;
    return [canReadQuestion(viewer, q), listQuestions(viewer).items.some((i) => i.id === q.id), audiences.includes(entry.audience)];
  }
  if (kind === 'answer') {
    const q = getQuestion(question.id)!;
    const id = { intern: items.internAnswer, kommune: items.kommuneAnswer, public: items.publicAnswer }[key];
    const entry = entries.find((e) => e.key === `answer:${id}`)!;
    const a = resolveItem('antwort', id)!;
    return [canReadAnswer(viewer, q, { hiddenAt: a.hiddenAt }), listAnswers(viewer, q).some((v) => v.answer.id === id), audiences.includes(entry.audience)];
  }
  const doc = getDocumentById((key === 'intern' ? items.internDoc : key === 'kommune' ? items.kommuneDoc : items.publicDoc).id)!;
  const id = key === 'intern' ? items.internComment : key === 'kommune' ? items.kommuneComment : items.publicComment;
  const entry = entries.find((e) => e.key === `comment:${id}`)!;
  return [canReadComment(viewer, doc, { hiddenAt: null }), listComments(viewer, doc).some((c) => c.id === id), audiences.includes(entry.audience)];
}

const MATRIX: [string, 'question' | 'answer' | 'comment', 'intern' | 'kommune' | 'public', Record<Who, boolean>][] = [
  ['an intern question', 'question', 'intern', STAFF],
  ['a "nur Kommune" question', 'question', 'kommune', DUELMEN],
  ['a question an admin made öffentlich', 'question', 'public', Object.fromEntries(ALL.map((w) => [w, true])) as Record<Who, boolean>],
  ['an answer to an intern question', 'answer', 'intern', STAFF],
  ['an answer to a "nur Kommune" question', 'answer', 'kommune', DUELMEN],
  ['an answer to a public question', 'answer', 'public', Object.fromEntries(ALL.map((w) => [w, true])) as Record<Who, boolean>],
  ['a comment on an intern Beitrag', 'comment', 'intern', STAFF],
  ['a comment on a "nur Kommune" Beitrag', 'comment', 'kommune', DUELMEN],
  ['a comment on a public Beitrag', 'comment', 'public', STAFF],
];

describe('the visibility matrix of the Austausch (rule, lists and search index agree)', () => {
  for (const [name, kind, key, expected] of MATRIX) {
    for (const who of ALL) {
      it(`${expected[who] ? 'lets' : 'keeps'} ${who} ${expected[who] ? 'read' : 'from reading'} ${name}`, () => {
        expect(readsEverywhere(who, kind, key)).toEqual([expected[who], expected[who], expected[who]]);
      });
    }
  }
});

describe('mentions on a Beitrag', () => {
  it('name a "nur Kommune" question only to Dülmen, and an intern one to all staff', () => {
    expect(mentionsOf(people.staffSenden, items.kommuneDoc.id)).toEqual([]);
    expect(mentionsOf(people.staffDuelmen, items.kommuneDoc.id).map((m) => m.questionId)).toEqual([items.kommuneQuestion.id]);
    expect(mentionsOf(null, items.publicDoc.id)).toEqual([]);
    expect(mentionsOf(people.staffSenden, items.publicDoc.id).map((m) => m.questionId)).toEqual([items.internQuestion.id]);
  });
});

describe('the Kommune page', () => {
  it('counts only the questions the viewer may read ("3 Fragen beantwortet")', () => {
    // Dülmen asked and answered an intern, a "nur Kommune" and a public question.
    expect(exchangeCountsFor(people.staffDuelmen, 'duelmen')).toEqual({ asked: 3, answered: 3 });
    expect(exchangeCountsFor(people.kreisAdmin, 'duelmen')).toEqual({ asked: 3, answered: 3 });
    expect(exchangeCountsFor(people.staffSenden, 'duelmen')).toEqual({ asked: 2, answered: 2 });
    expect(exchangeCountsFor(null, 'duelmen')).toEqual({ asked: 1, answered: 1 });
  });
});

describe('hidden items', () => {
  it('are read only by the moderators of their Kommune and leave lists and the index', () => {
    const asker = person('duelmen', 'mitarbeiter');
    const q = ask(asker, { title: 'Bald ausgeblendete Frage?' });
    const a = answer(person('senden', 'mitarbeiter'), q, 'Bald ausgeblendete Antwort.');
    const c = comment(person('senden', 'mitarbeiter'), items.publicDoc, 'Bald ausgeblendeter Kommentar.');
    const admin = people.adminDuelmen!;
    expect(hideItem(admin, resolveItem('antwort', a.id)!, 'Werbung', '192.0.2.1').ok).toBe(true);
    expect(hideItem(admin, resolveItem('kommentar', c.id)!, 'Beleidigend', '192.0.2.1').ok).toBe(true);
    expect(hideItem(admin, resolveItem('frage', q.id)!, 'Doppelt gestellt', '192.0.2.1').ok).toBe(true);
    const doc = getDocumentById(items.publicDoc.id)!;
    for (const who of ALL) {
      const moderator = who === 'adminDuelmen' || who === 'kreisAdmin';
      expect(resolveItem('frage', q.id)!.canRead(people[who]), `${who} question`).toBe(moderator);
      expect(resolveItem('antwort', a.id)!.canRead(people[who]), `${who} answer`).toBe(moderator);
      expect(resolveItem('kommentar', c.id)!.canRead(people[who]), `${who} comment`).toBe(moderator);
      expect(listComments(people[who], doc).some((x) => x.id === c.id), `${who} comment list`).toBe(moderator);
      expect(listQuestions(people[who]).items.some((x) => x.id === q.id), `${who} question list`).toBe(false);
    }
    const keys = listExchangeIndexEntries().map((e) => e.key);
    expect(keys).not.toContain(`question:${q.id}`);
    expect(keys).not.toContain(`answer:${a.id}`);
    expect(keys).not.toContain(`comment:${c.id}`);
  });
});
