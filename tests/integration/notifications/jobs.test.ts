import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '../../../src/lib/db/client';
import { documents, mailOutbox, notificationJobs } from '../../../src/lib/db/schema';
import { insertDocument } from '../../../src/lib/documents/store';
import { approveRevision, createDocument, submitRevision, type Actor } from '../../../src/lib/documents/workflow';
import { confirmStand } from '../../../src/lib/documents/confirm-stand';
import { berlinTime, runDueJobs } from '../../../src/lib/notifications/jobs';
import { follow } from '../../../src/lib/notifications/subscriptions';
import { getTenant } from '../../../src/lib/tenants/registry';
import { makeActor, sampleData } from '../documents/helpers';

const HOUR = 7;
let editor: Actor;
let admin: Actor;
beforeAll(() => {
  editor = makeActor('olfen', 'redakteur');
  admin = makeActor('olfen', 'admin');
});
const digests = (userId: string, frequency: string) =>
  getDb().select().from(mailOutbox).where(eq(mailOutbox.userId, userId)).all().filter((m) => m.kind === 'digest' && m.payload.includes(frequency));
const reminders = (userId: string) => getDb().select().from(mailOutbox).where(eq(mailOutbox.userId, userId)).all().filter((m) => m.kind === 'erinnerung');

describe('berlinTime', () => {
  it('gives the calendar day, hour and weekday in Berlin, summer and winter', () => {
    expect(berlinTime(new Date('2026-11-30T06:30:00Z'))).toEqual({ date: '2026-11-30', hour: 7, weekday: 1 });
    expect(berlinTime(new Date('2026-07-05T22:30:00Z'))).toEqual({ date: '2026-07-06', hour: 0, weekday: 1 });
  });
});

describe('digests', () => {
  it('go out once per day from the configured hour (Berlin), weekly once a week, and only to people with news', () => {
    getDb().delete(notificationJobs).run();
    const daily = makeActor('coesfeld', 'mitarbeiter');
    const weekly = makeActor('coesfeld', 'mitarbeiter');
    const idle = makeActor('coesfeld', 'mitarbeiter');
    follow(daily.viewer.id, 'kommune:olfen', 'taeglich');
    follow(weekly.viewer.id, 'kommune:olfen', 'woechentlich');
    follow(idle.viewer.id, 'kommune:nordkirchen', 'taeglich');
    const doc = createDocument(editor, getTenant('olfen'), { data: sampleData({ title: 'Bürgerbus in Olfen' }), body: 'Text.', note: '' });
    approveRevision(admin, doc, submitRevision(editor, doc, doc.latestRevisionId!).id, '');

    // Tuesday 2999-01-01 is far ahead of every notification's time. 05:00 UTC = 06:00 Berlin: before the hour.
    expect(runDueJobs(new Date('2999-01-01T05:00:00Z'), HOUR).daily).toBeNull();
    expect(digests(daily.viewer.id, 'taeglich')).toHaveLength(0);
    const first = runDueJobs(new Date('2999-01-01T06:10:00Z'), HOUR);
    expect(first.daily).toBeGreaterThanOrEqual(1);
    expect(digests(daily.viewer.id, 'taeglich')).toHaveLength(1);
    expect(digests(weekly.viewer.id, 'woechentlich')).toHaveLength(1);
    expect(digests(idle.viewer.id, 'taeglich')).toHaveLength(0);
    // The same day and week again: nothing.
    expect(runDueJobs(new Date('2999-01-01T15:00:00Z'), HOUR)).toMatchObject({ daily: null, weekly: null });
    // Next day: due, but nothing new happened.
    expect(runDueJobs(new Date('2999-01-02T08:00:00Z'), HOUR).daily).toBe(0);
    expect(digests(daily.viewer.id, 'taeglich')).toHaveLength(1);
  });
});

describe('review reminders', () => {
  it('are queued once for the Redakteur:innen and admins of the Kommune, then after 30 days, and start over with a new review date', () => {
    getDb().delete(notificationJobs).run();
    const editor = makeActor('rosendahl', 'redakteur');
    const admin = makeActor('rosendahl', 'admin');
    const reader = makeActor('rosendahl', 'mitarbeiter');
    const doc = createDocument(editor, getTenant('rosendahl'), { data: sampleData({ title: 'Überfälliger Bericht', stand: '2020-01-01', reviewDue: '2021-01-01' }), body: 'Text.', note: '' });
    approveRevision(admin, doc, submitRevision(editor, doc, doc.latestRevisionId!).id, '');
    // A Leitfaden from content/ is kept in git: never reminded.
    insertDocument({ tenant: 'rosendahl', source: 'content', status: 'veroeffentlicht', createdBy: null, revisions: [{ data: sampleData({ title: 'Aus content', reviewDue: '2021-01-01' }), bodyMd: 'x', status: 'veroeffentlicht', authorId: null, authorLabel: 'c', note: '' }] });

    runDueJobs(new Date('2999-03-01T08:00:00Z'), HOUR);
    expect(reminders(editor.viewer.id)).toHaveLength(1);
    expect(JSON.parse(reminders(editor.viewer.id)[0]!.payload).documentIds).toEqual([doc.id]);
    expect(reminders(admin.viewer.id)).toHaveLength(1);
    expect(reminders(reader.viewer.id)).toHaveLength(0);
    runDueJobs(new Date('2999-03-02T08:00:00Z'), HOUR);
    runDueJobs(new Date('2999-03-20T08:00:00Z'), HOUR);
    expect(reminders(editor.viewer.id)).toHaveLength(1);
    runDueJobs(new Date('2999-04-01T08:00:00Z'), HOUR);
    expect(reminders(editor.viewer.id)).toHaveLength(2);
    // Confirmed: a new review date a year on — until that one passes, no more reminders.
    const confirmed = confirmStand(editor, getDb().select().from(documents).where(eq(documents.id, doc.id)).get()!, '2999-04-02');
    expect(confirmed.reviewDue).toBe('3000-04-02');
    runDueJobs(new Date('2999-05-05T08:00:00Z'), HOUR);
    expect(reminders(editor.viewer.id)).toHaveLength(2);
  });
});
