import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../../src/lib/db/client';
import { approveRevision, createDocument, saveRevision, submitRevision, type Actor } from '../../../src/lib/documents/workflow';
import { confirmStand } from '../../../src/lib/documents/confirm-stand';
import { getDocumentById } from '../../../src/lib/documents/revisions';
import { handleUpload } from '../../../src/lib/files/save';
import { findOwningDocument } from '../../../src/lib/files/artefacts';
import { recordReuse } from '../../../src/lib/reuse/reuses';
import { fanOutPending } from '../../../src/lib/notifications/events';
import { follow } from '../../../src/lib/notifications/subscriptions';
import { getTenant } from '../../../src/lib/tenants/registry';
import { makeActor, sampleData } from '../documents/helpers';
import { uploadRequest } from '../files/helpers';

let editor: Actor;
let admin: Actor;
beforeAll(() => {
  editor = makeActor('duelmen', 'redakteur');
  admin = makeActor('duelmen', 'admin');
});

/** What a person was told, as event kinds with the follow that matched and the mail queued for it. */
function toldTo(userId: string): { kind: string; reason: string; delivery: string; mail: number }[] {
  return getDb()
    .$client.prepare(
      `SELECT e.kind, n.reason, n.delivery,
              (SELECT count(*) FROM mail_outbox m WHERE m.user_id = n.user_id AND json_extract(m.payload, '$.notificationId') = n.id) AS mail
         FROM notifications n JOIN notification_events e ON e.id = n.event_id
        WHERE n.user_id = ? ORDER BY n.id`,
    )
    .all(userId) as { kind: string; reason: string; delivery: string; mail: number }[];
}

describe('watching a Beitrag and following a tag', () => {
  it('a watcher hears of a new live revision, a new file and a Nachnutzung; a tag follower of the first publication only', async () => {
    const watcher = makeActor('olfen', 'mitarbeiter');
    const tagFollower = makeActor('senden', 'mitarbeiter');
    const otherTag = makeActor('senden', 'mitarbeiter');
    follow(tagFollower.viewer.id, 'schlagwort:glasfaser', 'sofort');
    follow(otherTag.viewer.id, 'schlagwort:breitband', 'sofort');

    // First publication: the tag follower hears of it.
    let doc = createDocument(editor, getTenant('duelmen'), { data: sampleData({ title: 'Glasfaser für Gewerbegebiete', tags: ['Glasfaser'] }), body: 'Text.', note: '' });
    doc = approveRevision(admin, doc, submitRevision(editor, doc, doc.latestRevisionId!).id, '');
    follow(watcher.viewer.id, `beitrag:${doc.id}`, 'sofort');
    fanOutPending(100);
    expect(toldTo(tagFollower.viewer.id)).toEqual([{ kind: 'beitrag.veroeffentlicht', reason: 'schlagwort:glasfaser', delivery: 'sofort', mail: 1 }]);
    expect(toldTo(otherTag.viewer.id)).toEqual([]);

    // A new revision goes live.
    const saved = saveRevision(editor, getDocumentById(doc.id)!, { data: sampleData({ title: 'Glasfaser für Gewerbegebiete', tags: ['Glasfaser'] }), body: 'Text, ergänzt.', note: 'Kosten ergänzt', baseRevisionId: doc.liveRevisionId! });
    expect(saved.ok).toBe(true);
    doc = getDocumentById(doc.id)!;
    approveRevision(admin, doc, submitRevision(editor, doc, doc.latestRevisionId!).id, '');
    // A file is added.
    const upload = await handleUpload(uploadRequest({ titel: 'Ausschreibung', beschreibung: 'Muster', lizenz: 'CC-BY-4.0', version: '1.0' }, { name: 'ausschreibung.txt', content: 'Leistungsverzeichnis Glasfaser' }), findOwningDocument('duelmen', doc.slug)!, editor.viewer, '');
    expect(upload.ok, JSON.stringify(upload.errors)).toBe(true);
    // A new file waits in a Fassung of its own for the four-eyes review; it is news once approved.
    doc = getDocumentById(doc.id)!;
    approveRevision(admin, doc, submitRevision(editor, doc, doc.latestRevisionId!).id, '');
    // Another Kommune records its reuse.
    const sendenAdmin = makeActor('senden', 'admin');
    recordReuse(doc, { tenant: 'senden', status: 'interessiert', note: '', contact: '' }, { id: sendenAdmin.viewer.id, label: sendenAdmin.viewer.email, ip: '' });
    // "Stand bestätigt" changes only dates: no news.
    confirmStand(editor, getDocumentById(doc.id)!);
    fanOutPending(100);

    expect(toldTo(watcher.viewer.id).map((t) => [t.kind, t.reason, t.mail])).toEqual([
      ['beitrag.aktualisiert', `beitrag:${doc.id}`, 1],
      ['beitrag.datei', `beitrag:${doc.id}`, 1],
      ['beitrag.nachnutzung', `beitrag:${doc.id}`, 1],
    ]);
    // Only the first publication goes to the followers of its tags.
    expect(toldTo(tagFollower.viewer.id)).toHaveLength(1);
  });
});
