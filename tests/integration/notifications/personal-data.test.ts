import { describe, expect, it } from 'vitest';
import { eq, or } from 'drizzle-orm';
import { deleteAccount, exportPersonalData } from '../../../src/lib/auth/account';
import { inviteByMail } from '../../../src/lib/auth/invitation-mail';
import { getDb } from '../../../src/lib/db/client';
import { mailOutbox, notificationSubscriptions, notifications, unsubscribeTokens } from '../../../src/lib/db/schema';
import { notifyPeople } from '../../../src/lib/notifications/events';
import { wantsMail } from '../../../src/lib/notifications/preferences';
import { follow, subscriptionOf } from '../../../src/lib/notifications/subscriptions';
import { applyUnsubscribe, resolveUnsubscribe, unsubscribeUrl } from '../../../src/lib/notifications/unsubscribe';
import { makeActor } from '../documents/helpers';

describe('unsubscribe links', () => {
  it('store only a hash and switch off exactly their own purpose', () => {
    const person = makeActor('billerbeck', 'redakteur');
    follow(person.viewer.id, 'themenfeld:schule', 'sofort');
    follow(person.viewer.id, 'themenfeld:soziales', 'sofort');
    const url = unsubscribeUrl(person.viewer.id, 'folge:themenfeld:schule');
    const token = new URL(url).searchParams.get('t')!;
    expect(getDb().select().from(unsubscribeTokens).all().some((t) => t.tokenHash === token)).toBe(false);
    const found = resolveUnsubscribe(token)!;
    expect(found.description).toBe('Benachrichtigungen zu Themenfeld Schule');
    applyUnsubscribe(found);
    applyUnsubscribe(found);
    expect(subscriptionOf(person.viewer.id, 'themenfeld:schule')?.frequency).toBe('aus');
    expect(subscriptionOf(person.viewer.id, 'themenfeld:soziales')?.frequency).toBe('sofort');
    expect(wantsMail(person.viewer.id, 'redaktion')).toBe(true);
    applyUnsubscribe(resolveUnsubscribe(new URL(unsubscribeUrl(person.viewer.id, 'redaktion')).searchParams.get('t')!)!);
    expect(wantsMail(person.viewer.id, 'redaktion')).toBe(false);
    expect(resolveUnsubscribe('a'.repeat(32))).toBeNull();
    expect(resolveUnsubscribe(token, Date.now() + 181 * 24 * 60 * 60 * 1000)).toBeNull();
  });
});

describe('personal data', () => {
  it('the export holds follows, notifications and mails; deleting the account removes them, also mails sent to its address before it existed', () => {
    const person = makeActor('billerbeck', 'mitarbeiter');
    const email = person.viewer.email;
    inviteByMail({ email, tenant: 'olfen', role: 'mitarbeiter', invitedBy: null });
    follow(person.viewer.id, 'kommune:olfen', 'taeglich');
    notifyPeople({ kind: 'redaktion.veroeffentlicht', purpose: 'redaktion', recipients: [person.viewer.id], data: {} });
    unsubscribeUrl(person.viewer.id, 'redaktion');
    const exported = exportPersonalData(person.viewer.id) as { benachrichtigungen: { abonnements: unknown[]; benachrichtigungen: unknown[] }; mails: { art: string }[] };
    expect(exported.benachrichtigungen.abonnements).toEqual([expect.objectContaining({ gegenstand: 'kommune:olfen', haeufigkeit: 'taeglich' })]);
    expect(exported.benachrichtigungen.benachrichtigungen).toHaveLength(1);
    expect(exported.mails.map((m) => m.art).sort()).toEqual(['benachrichtigung', 'einladung']);

    deleteAccount(person.viewer.id);
    const db = getDb();
    expect(db.select().from(mailOutbox).where(or(eq(mailOutbox.userId, person.viewer.id), eq(mailOutbox.address, email))).all()).toEqual([]);
    expect(db.select().from(notificationSubscriptions).where(eq(notificationSubscriptions.userId, person.viewer.id)).all()).toEqual([]);
    expect(db.select().from(notifications).where(eq(notifications.userId, person.viewer.id)).all()).toEqual([]);
    expect(db.select().from(unsubscribeTokens).where(eq(unsubscribeTokens.userId, person.viewer.id)).all()).toEqual([]);
  });
});
