import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '../../../src/lib/db/client';
import { answers, comments, questions } from '../../../src/lib/db/schema';
import { getDocumentById } from '../../../src/lib/documents/revisions';
import { postAnswer } from '../../../src/lib/exchange/answers';
import { postComment } from '../../../src/lib/exchange/comments';
import { newFormToken, THROTTLE_LIMIT, THROTTLE_MESSAGE } from '../../../src/lib/exchange/posting';
import { askQuestion, getQuestion } from '../../../src/lib/exchange/questions';
import { LIMITS, parseQuestionForm } from '../../../src/lib/exchange/vocabulary';
import { publishBeitrag } from '../../fixtures/beitraege';
import { XSS_PAYLOADS } from '../../fixtures/xss-payloads';
import { answer, ask, comment, person } from './helpers';

const DANGEROUS = [
  /<(script|iframe|object|embed|base|meta|form|svg|math|style|link|details|button|noscript|textarea)\b/i,
  /\son[a-z]+\s*=/i,
  /\s(href|src|action|formaction|xlink:href)\s*=\s*"\s*(javascript|data|vbscript):/i,
  /\s(href|src)\s*=\s*"\/\//i,
  /\sstyle\s*=/i,
  /\ssrcdoc\s*=/i,
];

function expectHarmless(html: string): void {
  for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) for (const pattern of DANGEROUS) expect(tag, `${pattern} in ${html}`).not.toMatch(pattern);
}

const count = (table: typeof questions | typeof answers | typeof comments) => getDb().select().from(table).all().length;

describe('texts that are empty or too long', () => {
  it('refuse a question with German messages per field', () => {
    const { errors } = parseQuestionForm({ tenant: 'duelmen', title: '   ', body: 'x'.repeat(LIMITS.question.max + 1), topics: [], tags: '', visibility: 'oeffentlich' }, ['duelmen']);
    expect(errors).toEqual({
      titel: 'Bitte geben Sie einen Titel ein.',
      text: 'Ihre Frage ist zu lang (höchstens 10.000 Zeichen, Sie haben 10.001).',
      themenfelder: 'Bitte wählen Sie mindestens ein Themenfeld.',
      sichtbarkeit: 'Bitte wählen Sie, wer die Frage sehen darf.',
    });
  });

  it('refuse an answer and a comment and store nothing', () => {
    const viewer = person('senden', 'redakteur');
    const q = ask(person('duelmen', 'mitarbeiter'));
    const doc = getDocumentById(publishBeitrag({ title: 'Beitrag ohne leere Kommentare', body: 'Text.' }).id)!;
    const before = [count(answers), count(comments)];
    const empty = postAnswer(viewer, q, { tenant: 'senden', body: ' \n ', links: [] }, newFormToken());
    expect(empty).toEqual({ ok: false, status: 422, errors: { text: 'Bitte geben Sie Ihre Antwort ein.' } });
    const long = postComment(viewer, doc, { tenant: 'senden', body: 'a'.repeat(LIMITS.comment.max + 1) }, newFormToken());
    expect(long).toEqual({ ok: false, status: 422, errors: { kommentar: 'Ihr Kommentar ist zu lang (höchstens 4.000 Zeichen, Sie haben 4.001).' } });
    expect([count(answers), count(comments)]).toEqual(before);
  });
});

describe('double submits', () => {
  it('store a question, an answer and a comment once when the same form is sent twice', () => {
    const asker = person('duelmen', 'mitarbeiter');
    const token = newFormToken();
    const input = { tenant: 'duelmen', title: 'Doppelt abgeschickte Frage?', body: 'Der Knopf wurde zweimal gedrückt.', topics: ['schule' as const], tags: [], visibility: 'intern' as const };
    const first = askQuestion(asker, input, token);
    const second = askQuestion(asker, input, token);
    expect(first).toMatchObject({ ok: true, duplicate: false });
    expect(second).toEqual({ ok: true, id: (first as { id: number }).id, duplicate: true });
    const q = getQuestion((first as { id: number }).id)!;
    const helper = person('senden', 'mitarbeiter');
    const t2 = newFormToken();
    const a1 = postAnswer(helper, q, { tenant: 'senden', body: 'Eine Antwort.', links: [] }, t2);
    const a2 = postAnswer(helper, q, { tenant: 'senden', body: 'Eine Antwort.', links: [] }, t2);
    expect(a2).toMatchObject({ ok: true, duplicate: true, id: (a1 as { id: number }).id });
    const doc = getDocumentById(publishBeitrag({ title: 'Beitrag für doppelte Kommentare', body: 'Text.' }).id)!;
    const t3 = newFormToken();
    const c1 = postComment(helper, doc, { tenant: 'senden', body: 'Ein Kommentar.' }, t3);
    const c2 = postComment(helper, doc, { tenant: 'senden', body: 'Ein Kommentar.' }, t3);
    expect(c2).toMatchObject({ ok: true, duplicate: true, id: (c1 as { id: number }).id });
    expect(getDb().select().from(comments).where(eq(comments.documentId, doc.id)).all()).toHaveLength(1);
  });

  it('keep two different texts sent from the same form (a page served from the shared cache)', () => {
    const viewer = person('senden', 'mitarbeiter');
    const doc = getDocumentById(publishBeitrag({ title: 'Beitrag mit zwei Kommentaren', body: 'Text.' }).id)!;
    const token = newFormToken();
    postComment(viewer, doc, { tenant: 'senden', body: 'Erster Gedanke.' }, token);
    postComment(viewer, doc, { tenant: 'senden', body: 'Zweiter Gedanke.' }, token);
    expect(getDb().select().from(comments).where(eq(comments.documentId, doc.id)).all()).toHaveLength(2);
  });
});

describe('throttling', () => {
  it(`refuses the ${THROTTLE_LIMIT + 1}th text within ten minutes and stores nothing, for that person only`, () => {
    const busy = person('olfen', 'mitarbeiter');
    const doc = getDocumentById(publishBeitrag({ tenant: 'olfen', title: 'Viel diskutierter Beitrag', body: 'Text.' }).id)!;
    for (let i = 0; i < THROTTLE_LIMIT; i++) expect(postComment(busy, doc, { tenant: 'olfen', body: `Kommentar Nummer ${i}` }, newFormToken()).ok).toBe(true);
    const before = count(comments);
    expect(postComment(busy, doc, { tenant: 'olfen', body: 'Noch einer.' }, newFormToken())).toEqual({ ok: false, status: 429, errors: { kommentar: THROTTLE_MESSAGE } });
    const q = askQuestion(busy, { tenant: 'olfen', title: 'Noch eine Frage dazu?', body: 'Und noch eine Frage.', topics: ['verwaltung'], tags: [], visibility: 'intern' }, newFormToken());
    expect(q).toMatchObject({ ok: false, status: 429 });
    expect(count(comments)).toBe(before);
    expect(comment(person('olfen', 'mitarbeiter'), doc, 'Jemand anderes darf.').id).toBeGreaterThan(0);
  });
});

describe('links from an answer to Beiträge', () => {
  it('refuse a Beitrag the author may not read with the same message as one that does not exist', () => {
    const secret = publishBeitrag({ tenant: 'duelmen', title: 'Geheimer Dülmener Beitrag', body: 'Nur Dülmen.', visibility: 'kommune' });
    const q = ask(person('duelmen', 'mitarbeiter'));
    const outsider = person('senden', 'mitarbeiter');
    const hidden = postAnswer(outsider, q, { tenant: 'senden', body: 'Siehe dort.', links: [secret.id] }, newFormToken());
    const missing = postAnswer(outsider, q, { tenant: 'senden', body: 'Siehe dort.', links: [987654] }, newFormToken());
    expect(hidden).toMatchObject({ ok: false, status: 422 });
    expect(hidden).toEqual(missing);
    expect(answer(person('duelmen', 'mitarbeiter'), q, 'Siehe unseren Beitrag.', [secret.id]).id).toBeGreaterThan(0);
  });
});

describe('Markdown with scripts', () => {
  it.each(XSS_PAYLOADS)('is stored harmless in a question, an answer and a comment: %s', (payload) => {
    const author = person('coesfeld', 'mitarbeiter');
    const q = ask(author, { title: 'Frage mit seltsamem Text', body: `Vorher\n\n${payload}\n\nNachher` });
    const a = answer(person('senden', 'mitarbeiter'), q, `Vorher\n\n${payload}\n\nNachher`);
    const doc = publishBeitrag({ tenant: 'coesfeld', title: `Kommentierter Beitrag ${Math.random()}`, body: 'Text.' });
    const c = comment(person('senden', 'mitarbeiter'), doc, `Vorher\n\n${payload}\n\nNachher`);
    for (const html of [q.html, a.html, c.html]) {
      expectHarmless(html);
      expect(html).toContain('Nachher');
    }
  });
});
