import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { listAudit } from '../../../src/lib/audit/log';
import { getDb } from '../../../src/lib/db/client';
import { answers, comments } from '../../../src/lib/db/schema';
import { getAnswer, postAnswer } from '../../../src/lib/exchange/answers';
import { editComment, getComment } from '../../../src/lib/exchange/comments';
import { onExchangeEvent, type ExchangeEvent } from '../../../src/lib/exchange/events';
import { listReplacedTexts } from '../../../src/lib/exchange/history';
import { resolveItem } from '../../../src/lib/exchange/items';
import { hideItem, listOpenReports, reportItem, resolveReport, unhideItem } from '../../../src/lib/exchange/moderation';
import { canMarkHelpful } from '../../../src/lib/exchange/permissions';
import { newFormToken } from '../../../src/lib/exchange/posting';
import { getQuestion, listQuestions, setHelpfulAnswer } from '../../../src/lib/exchange/questions';
import { publishBeitrag } from '../../fixtures/beitraege';
import { answer, ask, comment, person } from './helpers';

const IP = '192.0.2.7';
const auditActions = (tenant: string) => listAudit([tenant], 1, 200).items.map((e) => `${e.action} ${e.detail}`);

describe('hiding', () => {
  it('is done by an admin of the Kommune with a reason, audited, reversible, and refused to others', () => {
    const q = ask(person('duelmen', 'mitarbeiter'));
    const a = answer(person('senden', 'mitarbeiter'), q, 'Kaufen Sie unser Produkt!');
    const item = () => resolveItem('antwort', a.id)!;
    expect(() => hideItem(person('senden', 'admin'), item(), 'Werbung', IP)).toThrow(/Admins der zuständigen Kommune/);
    expect(() => hideItem(person('duelmen', 'redakteur'), item(), 'Werbung', IP)).toThrow(/Admins der zuständigen Kommune/);
    const admin = person('duelmen', 'admin');
    expect(hideItem(admin, item(), '  ', IP)).toEqual({ ok: false, errors: { grund: 'Bitte geben Sie eine Begründung ein.' } });
    expect(item().hiddenAt).toBeNull();
    expect(hideItem(admin, item(), 'Werbung', IP)).toEqual({ ok: true });
    expect(item().hiddenReason).toBe('Werbung');
    expect(getAnswer(a.id)!.bodyMd).toBe('Kaufen Sie unser Produkt!');
    unhideItem(admin, item(), IP);
    expect(item().hiddenAt).toBeNull();
    expect(auditActions('duelmen').slice(0, 2)).toEqual(['answer.unhide Werbung', 'answer.hide Werbung']);
  });

  it('of the helpful answer opens the question again', () => {
    const asker = person('duelmen', 'mitarbeiter');
    const q = ask(asker);
    const a = answer(person('senden', 'mitarbeiter'), q);
    setHelpfulAnswer(asker, getQuestion(q.id)!, a.id);
    expect(listQuestions(asker, { status: 'beantwortet' }).items.map((i) => i.id)).toContain(q.id);
    hideItem(person('duelmen', 'admin'), resolveItem('antwort', a.id)!, 'Falsch', IP);
    expect(getQuestion(q.id)!.helpfulAnswerId).toBeNull();
    expect(listQuestions(asker, { status: 'offen' }).items.map((i) => i.id)).toContain(q.id);
  });

  it('of comments belongs to the admins of the Beitrag\u2019s Kommune, not of the commenter\u2019s', () => {
    const doc = publishBeitrag({ tenant: 'coesfeld', title: 'Coesfelder Beitrag mit Kommentar', body: 'Text.' });
    const c = comment(person('senden', 'mitarbeiter'), doc, 'Unpassend.');
    expect(resolveItem('kommentar', c.id)!.canModerate(person('senden', 'admin'))).toBe(false);
    expect(resolveItem('kommentar', c.id)!.canModerate(person('coesfeld', 'admin'))).toBe(true);
    expect(resolveItem('kommentar', c.id)!.canModerate(person('kreis-coesfeld', 'admin'))).toBe(true);
  });
});

describe('reports', () => {
  it('reach the moderators of the item\u2019s Kommune, are audited, and are resolved once', () => {
    const doc = publishBeitrag({ tenant: 'olfen', title: 'Olfener Beitrag mit gemeldetem Kommentar', body: 'Text.' });
    const c = comment(person('senden', 'mitarbeiter'), doc, 'Ein fragwürdiger Kommentar.');
    const reporter = person('billerbeck', 'mitarbeiter');
    expect(reportItem(reporter, resolveItem('kommentar', c.id)!, 'x', IP)).toEqual({ ok: false, errors: { grund: 'Die Begründung ist zu kurz (mindestens 3 Zeichen).' } });
    expect(reportItem(reporter, resolveItem('kommentar', c.id)!, 'Persönlicher Angriff', IP)).toEqual({ ok: true });
    reportItem(reporter, resolveItem('kommentar', c.id)!, 'Noch einmal', IP);
    const olfenAdmin = person('olfen', 'admin');
    const open = listOpenReports(olfenAdmin).filter((r) => r.report.itemId === c.id);
    expect(open.map((r) => r.report.reason)).toEqual(['Persönlicher Angriff']);
    expect(open[0]!.item?.path).toBe(`/olfen/beitraege/${doc.slug}#kommentar-${c.id}`);
    expect(listOpenReports(person('senden', 'admin')).some((r) => r.report.itemId === c.id)).toBe(false);
    expect(listOpenReports(person('kreis-coesfeld', 'admin')).some((r) => r.report.itemId === c.id)).toBe(true);
    expect(() => resolveReport(person('senden', 'admin'), open[0]!.report.id, IP)).toThrow();
    resolveReport(olfenAdmin, open[0]!.report.id, IP);
    expect(listOpenReports(olfenAdmin).some((r) => r.report.itemId === c.id)).toBe(false);
    expect(auditActions('olfen').slice(0, 2)).toEqual(['report.resolve Persönlicher Angriff', 'comment.report Persönlicher Angriff']);
  });
});

describe('the helpful mark', () => {
  it('is set by the asker or an admin of the asker\u2019s Kommune only', () => {
    const asker = person('duelmen', 'mitarbeiter');
    const q = ask(asker);
    expect(canMarkHelpful(asker, q)).toBe(true);
    expect(canMarkHelpful(person('duelmen', 'admin'), q)).toBe(true);
    expect(canMarkHelpful(person('kreis-coesfeld', 'admin'), q)).toBe(true);
    expect(canMarkHelpful(person('duelmen', 'redakteur'), q)).toBe(false);
    expect(canMarkHelpful(person('senden', 'admin'), q)).toBe(false);
    expect(canMarkHelpful(null, q)).toBe(false);
  });
});

describe('editing', () => {
  it('keeps every earlier text and is allowed to the author for 24 hours only', () => {
    const author = person('senden', 'mitarbeiter');
    const doc = publishBeitrag({ title: 'Beitrag mit bearbeitetem Kommentar', body: 'Text.' });
    const c = comment(author, doc, 'Erste Fassung mit Tippfeler.');
    expect(editComment(author, getComment(c.id)!, 'Zweite Fassung ohne Tippfehler.')).toEqual({ ok: true });
    expect(() => editComment(person('senden', 'admin'), getComment(c.id)!, 'Fremde Änderung')).toThrow(/eigenen Kommentare/);
    expect(getComment(c.id)!.bodyMd).toBe('Zweite Fassung ohne Tippfehler.');
    expect(listReplacedTexts('kommentar', c.id).map((e) => e.bodyMd)).toEqual(['Erste Fassung mit Tippfeler.']);
    const dayAgo = new Date(Date.now() - 24 * 60 * 60 * 1000 - 1000).toISOString();
    getDb().update(comments).set({ createdAt: dayAgo }).where(eq(comments.id, c.id)).run();
    expect(() => editComment(author, getComment(c.id)!, 'Zu spät.')).toThrow(/innerhalb von 24 Stunden/);
  });
});

describe('domain events for notifications', () => {
  it('are sent inside the write: a listener that fails leaves no answer behind', () => {
    const q = ask(person('duelmen', 'mitarbeiter'));
    const seen: ExchangeEvent[] = [];
    const stop = onExchangeEvent((e) => {
      seen.push(e);
      if (e.type === 'answer.posted') throw new Error('outbox full');
    });
    try {
      const before = getDb().select().from(answers).where(eq(answers.questionId, q.id)).all().length;
      expect(() => postAnswer(person('senden', 'mitarbeiter'), q, { tenant: 'senden', body: 'Antwort', links: [] }, newFormToken())).toThrow('outbox full');
      expect(getDb().select().from(answers).where(eq(answers.questionId, q.id)).all().length).toBe(before);
      expect(seen.map((e) => e.type)).toEqual(['answer.posted']);
    } finally {
      stop();
    }
  });
});
