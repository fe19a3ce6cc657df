import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '../../../src/lib/db/client';
import { mailOutbox, notifications } from '../../../src/lib/db/schema';
import { approveRevision, createDocument, submitRevision, type Actor } from '../../../src/lib/documents/workflow';
import { fanOutPending, recordEvent } from '../../../src/lib/notifications/events';
import { follow, subscriptionOf, watchByDefault } from '../../../src/lib/notifications/subscriptions';
import { getTenant } from '../../../src/lib/tenants/registry';
import { makeActor, sampleData } from '../documents/helpers';

let editor: Actor;
let admin: Actor;
beforeAll(() => {
  editor = makeActor('duelmen', 'redakteur');
  admin = makeActor('duelmen', 'admin');
});

const notificationsOf = (userId: string) => getDb().select().from(notifications).where(eq(notifications.userId, userId)).all();
const mailsOf = (userId: string) => getDb().select().from(mailOutbox).where(eq(mailOutbox.userId, userId)).all();

/** Writes, submits and publishes a Beitrag through the workflow; returns it. */
function publish(overrides: Parameters<typeof sampleData>[0] = {}) {
  const doc = createDocument(editor, getTenant('duelmen'), { data: sampleData(overrides), body: 'Text.', note: '' });
  const revision = submitRevision(editor, doc, doc.latestRevisionId!);
  return approveRevision(admin, doc, revision.id, '');
}

describe('handing an event to its followers', () => {
  it('tells each person once, by the most immediate of their follows, and queues a mail only for "sofort"', () => {
    const both = makeActor('olfen', 'mitarbeiter');
    const weekly = makeActor('olfen', 'mitarbeiter');
    follow(both.viewer.id, 'themenfeld:bildung', 'woechentlich');
    follow(both.viewer.id, 'kommune:duelmen', 'sofort');
    follow(weekly.viewer.id, 'themenfeld:bildung', 'woechentlich');
    publish({ topics: ['bildung'], title: 'Medienkompetenz in der Grundschule' });
    fanOutPending(100);
    expect(notificationsOf(both.viewer.id).map((n) => [n.reason, n.delivery])).toEqual([['kommune:duelmen', 'sofort']]);
    expect(mailsOf(both.viewer.id).map((m) => m.kind)).toEqual(['benachrichtigung']);
    expect(notificationsOf(weekly.viewer.id).map((n) => n.delivery)).toEqual(['woechentlich']);
    expect(mailsOf(weekly.viewer.id)).toEqual([]);
  });

  it('never tells the person who caused it, nor someone who may not read it', () => {
    const sendenReader = makeActor('senden', 'mitarbeiter');
    const duelmenReader = makeActor('duelmen', 'mitarbeiter');
    for (const a of [sendenReader, duelmenReader, admin]) follow(a.viewer.id, 'themenfeld:wirtschaft', 'sofort');
    publish({ topics: ['wirtschaft'], visibility: 'kommune', title: 'Gewerbeflächen nur für Dülmen' });
    fanOutPending(100);
    expect(notificationsOf(duelmenReader.viewer.id)).toHaveLength(1);
    expect(notificationsOf(sendenReader.viewer.id)).toEqual([]);
    // The admin approved it: the actor of the event.
    expect(notificationsOf(admin.viewer.id).filter((n) => n.reason === 'themenfeld:wirtschaft')).toEqual([]);
  });

  it('does not tell followers who started following after it happened, and handles an event once', () => {
    const doc = publish({ topics: ['innenstadt'], title: 'Leerstand in der Innenstadt' });
    const late = makeActor('coesfeld', 'mitarbeiter');
    // Written a moment after the event.
    getDb().$client.prepare("INSERT INTO notification_subscriptions (user_id, subject, frequency, automatic, created_at) VALUES (?, 'themenfeld:innenstadt', 'sofort', 0, '2999-01-01T00:00:00.000Z')").run(late.viewer.id);
    expect(fanOutPending(100)).toBeGreaterThan(0);
    expect(fanOutPending(100)).toBe(0);
    expect(notificationsOf(late.viewer.id)).toEqual([]);
    expect(doc.status).toBe('veroeffentlicht');
  });

  it('the event and its mails are written with their cause, or not at all', () => {
    const follower = makeActor('olfen', 'mitarbeiter');
    follow(follower.viewer.id, 'kommune:duelmen', 'sofort');
    expect(() =>
      getDb().transaction(() => {
        recordEvent({ kind: 'beitrag.veroeffentlicht', documentId: null, subjects: ['kommune:duelmen'] });
        throw new Error('the cause failed');
      }),
    ).toThrow('the cause failed');
    fanOutPending(100);
    expect(notificationsOf(follower.viewer.id)).toEqual([]);
  });
});

describe('authors watch their Beiträge', () => {
  it('by default, at once — unless they chose otherwise before', () => {
    const doc = createDocument(editor, getTenant('duelmen'), { data: sampleData({ title: 'Neuer Bericht zum Watchen' }), body: 'Text.', note: '' });
    expect(subscriptionOf(editor.viewer.id, `beitrag:${doc.id}`)).toMatchObject({ frequency: 'sofort', automatic: true });
    follow(editor.viewer.id, `beitrag:${doc.id}`, 'aus');
    watchByDefault(editor.viewer.id, `beitrag:${doc.id}`);
    expect(subscriptionOf(editor.viewer.id, `beitrag:${doc.id}`)?.frequency).toBe('aus');
  });
});
