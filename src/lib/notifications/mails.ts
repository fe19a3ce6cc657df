import { and, asc, eq, sql } from 'drizzle-orm';
import { loadViewer, type Viewer } from '../auth/viewer';
import { getConfig } from '../config';
import { prepared } from '../db/client';
import { notificationEvents, notifications } from '../db/schema';
import { canEditDocument } from '../documents/permissions';
import { getDocumentById } from '../documents/revisions';
import { documentPath } from '../documents/route';
import { canReadDocument } from '../documents/visibility';
import { berlinDay, formatDate } from '../format';
import { composeMail, type Block } from '../mail/compose';
import type { OutboxRow } from '../mail/outbox';
import type { RenderResult } from '../mail/sender';
import { getTenant } from '../tenants/registry';
import { describeEvent, LoadCache, type Described, type EventRow } from './kinds';
import { isPurpose, wantsMail } from './preferences';
import { FREQUENCY_LABELS, parseSubject, subjectLabel } from './subjects';
import { frequencyOf, subscriptionOf } from './subscriptions';
import { unsubscribeUrl } from './unsubscribe';

// Builds the mails of the notifications area when the sender sends them, from the database as
// it is at that moment: whatever the recipient may not read now is left out, and a mail with
// nothing left is dropped.

const payloadOf = (row: OutboxRow) => JSON.parse(row.payload) as Record<string, unknown>;
const greeting = (viewer: Viewer) => `Guten Tag ${viewer.name},`;
const origin = () => getConfig().origin;

function recipient(row: OutboxRow): Viewer | { drop: string } {
  const viewer = row.userId ? loadViewer(row.userId) : null;
  return viewer ?? { drop: 'Das Konto gibt es nicht mehr oder es ist deaktiviert.' };
}

/** Why the person gets a notification, and which one-click purpose switches it off. */
function why(event: EventRow, reason: string, viewer: Viewer): { reason: string; purpose: string } {
  if (reason === 'austausch') {
    if (event.kind === 'austausch.meldung') return { reason: 'Sie Fragen, Antworten und Kommentare dieser Kommune moderieren', purpose: 'austausch' };
    return { reason: 'Sie diese Frage gestellt haben', purpose: 'austausch' };
  }
  if (reason === 'redaktion') {
    if (event.kind === 'redaktion.pruefung') {
      const doc = getDocumentById(event.documentId ?? -1);
      return { reason: `Sie in ${doc ? getTenant(doc.tenant).name : 'dieser Kommune'} Beiträge prüfen und freigeben`, purpose: 'redaktion' };
    }
    return { reason: 'Sie diese Fassung geschrieben haben', purpose: 'redaktion' };
  }
  const parsed = parseSubject(reason);
  if (parsed?.kind === 'beitrag') {
    const automatic = subscriptionOf(viewer.id, reason)?.automatic;
    return { reason: automatic ? 'Sie an diesem Beitrag mitgeschrieben haben und ihn deshalb beobachten' : 'Sie diesen Beitrag beobachten', purpose: `folge:${reason}` };
  }
  return { reason: `Sie im Wissensnetz folgen: ${subjectLabel(reason)} (${FREQUENCY_LABELS.sofort})`, purpose: `folge:${reason}` };
}

function stillWanted(viewer: Viewer, reason: string): boolean {
  if (isPurpose(reason)) return wantsMail(viewer.id, reason);
  const frequency = frequencyOf(viewer.id, reason);
  return frequency !== undefined && frequency !== 'aus';
}

function blocksFor(d: Described): Block[] {
  return [{ p: d.line }, ...(d.quote ? [{ quote: d.quote }] : []), { link: { label: d.title, url: `${origin()}${d.path}` } }];
}

/** One event for one person, at once. */
export function renderNotificationMail(row: OutboxRow): RenderResult {
  const viewer = recipient(row);
  if ('drop' in viewer) return viewer;
  const found = prepared('notification-with-event', (d) =>
    d
      .select({ n: notifications, event: notificationEvents })
      .from(notifications)
      .innerJoin(notificationEvents, eq(notificationEvents.id, notifications.eventId))
      .where(eq(notifications.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id: Number(payloadOf(row)['notificationId']) });
  if (!found || found.n.userId !== viewer.id) return { drop: 'Die Benachrichtigung gibt es nicht mehr.' };
  if (!stillWanted(viewer, found.n.reason)) return { drop: 'Inzwischen abbestellt.' };
  const d = describeEvent(found.event, viewer);
  if (!d) return { drop: 'Für die Empfängerin oder den Empfänger nicht (mehr) lesbar, oder erledigt.' };
  const w = why(found.event, found.n.reason, viewer);
  const unsubscribe = unsubscribeUrl(viewer.id, w.purpose);
  const body = composeMail({ greeting: greeting(viewer), blocks: blocksFor(d), reason: w.reason, origin: origin(), unsubscribeUrl: unsubscribe, settingsUrl: `${origin()}/benachrichtigungen` });
  return { mail: { to: { name: viewer.name, address: viewer.email }, subject: d.mailSubject, ...body, unsubscribeUrl: unsubscribe } };
}

/** The daily or weekly digest: the notifications the digest job put into this mail, as far as still readable. */
export function renderDigestMail(row: OutboxRow): RenderResult {
  const viewer = recipient(row);
  if ('drop' in viewer) return viewer;
  const frequency = payloadOf(row)['frequency'] === 'woechentlich' ? 'woechentlich' : 'taeglich';
  const rows = prepared('notifications-of-digest', (d) =>
    d
      .select({ n: notifications, event: notificationEvents })
      .from(notifications)
      .innerJoin(notificationEvents, eq(notificationEvents.id, notifications.eventId))
      // delivery first: the index notifications_digest is (delivery, digest_outbox_id).
      .where(and(eq(notifications.delivery, sql.placeholder('delivery')), eq(notifications.digestOutboxId, sql.placeholder('id'))))
      .orderBy(asc(notifications.id))
      .prepare(),
  ).all({ id: row.id, delivery: frequency });
  const cache = new LoadCache();
  const wanted = new Map<string, boolean>();
  const isWanted = (reason: string) => wanted.get(reason) ?? (wanted.set(reason, stillWanted(viewer, reason)), wanted.get(reason)!);
  const items = rows
    .filter((r) => r.n.userId === viewer.id && isWanted(r.n.reason))
    .map((r) => describeEvent(r.event, viewer, cache))
    .filter((d): d is Described => d !== null);
  if (items.length === 0) return { drop: 'Nichts Lesbares mehr in der Zusammenfassung.' };
  const adjective = frequency === 'taeglich' ? 'tägliche' : 'wöchentliche';
  const followed = [...new Set(rows.map((r) => r.n.reason))].map(subjectName(viewer)).join(', ');
  const unsubscribe = unsubscribeUrl(viewer.id, `digest:${frequency}`);
  const body = composeMail({
    greeting: greeting(viewer),
    blocks: [{ p: 'hier sind die Neuigkeiten aus dem Wissensnetz seit der letzten Zusammenfassung:' }, { items: items.map((d) => ({ title: d.title, url: `${origin()}${d.path}`, line: d.line })) }],
    reason: `Sie die ${adjective} Zusammenfassung erhalten für: ${followed}`,
    origin: origin(),
    unsubscribeUrl: unsubscribe,
    settingsUrl: `${origin()}/benachrichtigungen`,
  });
  const subject = `Ihre ${adjective} Zusammenfassung: ${items.length === 1 ? '1 Neuigkeit' : `${items.length} Neuigkeiten`}`;
  return { mail: { to: { name: viewer.name, address: viewer.email }, subject, ...body, unsubscribeUrl: unsubscribe } };
}

function subjectName(viewer: Viewer): (subject: string) => string {
  return (subject) => {
    if (parseSubject(subject)?.kind !== 'beitrag') return subjectLabel(subject);
    const doc = getDocumentById(Number(subject.slice(8)));
    return doc && canReadDocument(viewer, doc) ? `„${doc.title}“` : 'einen Beitrag';
  };
}

/** "Stand prüfen": the overdue Beiträge the person may still edit, as far as they are still overdue. */
export function renderReminderMail(row: OutboxRow, today = new Date()): RenderResult {
  const viewer = recipient(row);
  if ('drop' in viewer) return viewer;
  if (!wantsMail(viewer.id, 'erinnerung')) return { drop: 'Inzwischen abbestellt.' };
  const ids = (payloadOf(row)['documentIds'] as number[] | undefined) ?? [];
  const docs = ids
    .map((id) => getDocumentById(id))
    .filter((d) => d !== undefined && d.status === 'veroeffentlicht' && d.source === 'web' && d.reviewDue !== null && d.reviewDue < berlinDay(today) && canEditDocument(viewer, d) && canReadDocument(viewer, d));
  if (docs.length === 0) return { drop: 'Kein Beitrag ist mehr zur Prüfung fällig.' };
  const unsubscribe = unsubscribeUrl(viewer.id, 'erinnerung');
  const body = composeMail({
    greeting: greeting(viewer),
    blocks: [
      { p: docs.length === 1 ? 'der folgende Beitrag Ihrer Kommune ist zur Prüfung fällig:' : `die folgenden ${docs.length} Beiträge Ihrer Kommune sind zur Prüfung fällig:` },
      { items: docs.map((d) => ({ title: d!.title, url: `${origin()}${documentPath(d!)}`, line: `Nächste Prüfung war für den ${formatDate(d!.reviewDue)} vorgesehen.` })) },
      { p: 'Bitte prüfen Sie, ob die Inhalte noch stimmen. Auf der Seite „Redaktion“ bestätigen Sie den Stand mit einem Klick, oder Sie überarbeiten den Beitrag.' },
      { link: { label: 'Zur Redaktion', url: `${origin()}/redaktion` } },
    ],
    reason: 'Sie Redakteurin oder Redakteur einer Kommune sind, deren Beiträge zur Prüfung fällig sind',
    origin: origin(),
    unsubscribeUrl: unsubscribe,
    settingsUrl: `${origin()}/benachrichtigungen`,
  });
  const subject = docs.length === 1 ? `Stand prüfen: „${docs[0]!.title}“` : `Stand prüfen: ${docs.length} Beiträge sind zur Prüfung fällig`;
  return { mail: { to: { name: viewer.name, address: viewer.email }, subject, ...body, unsubscribeUrl: unsubscribe } };
}
