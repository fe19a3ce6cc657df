import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../../src/lib/db/client';
import { notificationEvents } from '../../../src/lib/db/schema';
import { resolveItem } from '../../../src/lib/exchange/items';
import { hideItem, listOpenReports, reportItem, resolveReport } from '../../../src/lib/exchange/moderation';
import { setQuestionVisibility } from '../../../src/lib/exchange/questions';
import { fanOutPending } from '../../../src/lib/notifications/events';
import { connectExchangeNotifications, disconnectExchangeNotifications } from '../../../src/lib/notifications/exchange';
import { describeEvent } from '../../../src/lib/notifications/kinds';
import { follow } from '../../../src/lib/notifications/subscriptions';
import { answer, ask, person } from '../exchange/helpers';
import { desc, eq } from 'drizzle-orm';

beforeAll(() => connectExchangeNotifications());
afterAll(() => disconnectExchangeNotifications());

/** What a person was told, as event kinds with the reason and whether a mail was queued. */
function toldTo(userId: string): { kind: string; reason: string; mail: number }[] {
  return getDb()
    .$client.prepare(
      `SELECT e.kind, n.reason,
              (SELECT count(*) FROM mail_outbox m WHERE m.user_id = n.user_id AND json_extract(m.payload, '$.notificationId') = n.id) AS mail
         FROM notifications n JOIN notification_events e ON e.id = n.event_id
        WHERE n.user_id = ? ORDER BY n.id`,
    )
    .all(userId) as { kind: string; reason: string; mail: number }[];
}

const latestEvent = (kind: string) => getDb().select().from(notificationEvents).where(eq(notificationEvents.kind, kind)).orderBy(desc(notificationEvents.id)).limit(1).get()!;

describe('the Austausch in notifications', () => {
  it('an answer to a "nur Kommune" question reaches the asker only; a follower in another Kommune hears of neither question nor answer', () => {
    const asker = person('duelmen', 'mitarbeiter');
    const answerer = person('duelmen', 'redakteur');
    const outsider = person('senden', 'mitarbeiter');
    const colleague = person('duelmen', 'admin');
    for (const s of ['kommune:duelmen', 'themenfeld:schule']) {
      follow(outsider.id, s, 'sofort');
      follow(colleague.id, s, 'sofort');
    }
    const q = ask(asker, { visibility: 'kommune' });
    answer(answerer, q);
    while (fanOutPending() > 0);
    expect(toldTo(asker.id)).toEqual([{ kind: 'austausch.antwort', reason: 'austausch', mail: 1 }]);
    expect(toldTo(answerer.id)).toEqual([]);
    expect(toldTo(outsider.id)).toEqual([]);
    expect(toldTo(colleague.id)).toEqual([{ kind: 'austausch.frage', reason: 'kommune:duelmen', mail: 1 }]);
    // Asked about directly, the kinds say nothing to the outsider either.
    expect(describeEvent(latestEvent('austausch.antwort'), outsider)).toBeNull();
    expect(describeEvent(latestEvent('austausch.frage'), outsider)).toBeNull();
  });

  it('what was fine when queued is checked again when shown: a question restricted later, a hidden answer, a settled report say nothing', () => {
    const asker = person('olfen', 'mitarbeiter');
    const admin = person('olfen', 'admin');
    const outsider = person('senden', 'mitarbeiter');
    const q = ask(asker, { tenant: 'olfen', visibility: 'intern' });
    const asked = latestEvent('austausch.frage');
    expect(describeEvent(asked, outsider)?.title).toBe(q.title);
    setQuestionVisibility(admin, q, 'kommune', '127.0.0.1');
    expect(describeEvent(asked, outsider)).toBeNull();

    const a = answer(person('olfen', 'redakteur'), q);
    const answered = latestEvent('austausch.antwort');
    expect(describeEvent(answered, asker)?.mailSubject).toBe(`Neue Antwort auf Ihre Frage „${q.title}“`);
    hideItem(admin, resolveItem('antwort', a.id)!, 'Enthält personenbezogene Daten.', '127.0.0.1');
    expect(describeEvent(answered, asker)).toBeNull();

    expect(reportItem(asker, resolveItem('frage', q.id)!, 'Bitte prüfen, das ist doppelt.', '127.0.0.1').ok).toBe(true);
    const reported = latestEvent('austausch.meldung');
    expect(toldTo(admin.id).map((t) => t.kind)).toContain('austausch.meldung');
    expect(describeEvent(reported, admin)?.path).toBe('/meldungen');
    expect(describeEvent(reported, asker)).toBeNull();
    resolveReport(admin, listOpenReports(admin).find((r) => r.item?.id === q.id)!.report.id, '127.0.0.1');
    expect(describeEvent(reported, admin)).toBeNull();
  });
});
