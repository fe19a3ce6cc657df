import { beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../../src/lib/audit/log';
import { HttpError } from '../../../src/lib/http/errors';
import { getTenant } from '../../../src/lib/tenants/registry';
import { listDocuments } from '../../../src/lib/documents/list';
import { myDrafts, myRevisionsInReview, sentBackByMe, sentBackToMe, waitingForMyReview } from '../../../src/lib/documents/editorial';
import { findDocument, getDocumentById, listRevisions, liveRevision, pendingRevision } from '../../../src/lib/documents/revisions';
import { canReadDocument, canSeeEditorial } from '../../../src/lib/documents/visibility';
import { insertDocument, parseRevision, type DocumentRow } from '../../../src/lib/documents/store';
import {
  approveRevision,
  archiveDocument,
  createDocument,
  restoreDocument,
  saveRevision,
  sendBackRevision,
  submitRevision,
  type Actor,
} from '../../../src/lib/documents/workflow';
import { makeActor, sampleData } from './helpers';

let editor: Actor;
let otherEditor: Actor;
let admin: Actor;
let kreisAdmin: Actor;
let sendenEditor: Actor;
let sendenAdmin: Actor;
beforeAll(() => {
  editor = makeActor('duelmen', 'redakteur');
  otherEditor = makeActor('duelmen', 'redakteur');
  admin = makeActor('duelmen', 'admin');
  kreisAdmin = makeActor('kreis-coesfeld', 'admin');
  sendenEditor = makeActor('senden', 'redakteur');
  sendenAdmin = makeActor('senden', 'admin');
});

const fresh = (doc: DocumentRow) => getDocumentById(doc.id)!;

function expectHttpError(fn: () => unknown, status: number): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(HttpError);
  expect((caught as HttpError).status).toBe(status);
}

function publish(data = sampleData()): DocumentRow {
  const doc = createDocument(editor, getTenant('duelmen'), { data, body: 'Text.\n', note: '' });
  submitRevision(editor, doc, doc.latestRevisionId!);
  return approveRevision(admin, fresh(doc), doc.latestRevisionId!, '');
}

describe('the review workflow', () => {
  it('keeps a new draft away from readers but shows it to the Kommune editors', () => {
    const doc = createDocument(editor, getTenant('duelmen'), { data: sampleData({ title: 'Ein Entwurf aus Dülmen' }), body: 'Text.\n', note: '' });
    expect(doc.status).toBe('entwurf');
    expect(canReadDocument(null, doc)).toBe(false);
    expect(canReadDocument(sendenEditor.viewer, doc)).toBe(false);
    expect(canSeeEditorial(otherEditor.viewer, doc)).toBe(true);
    expect(canSeeEditorial(sendenEditor.viewer, doc)).toBe(false);
    expect(listDocuments(null, { tenant: 'duelmen' }).items.map((d) => d.id)).not.toContain(doc.id);
  });

  it('goes Entwurf → In Prüfung → Zurückgegeben → revised → Veröffentlicht and keeps every revision', () => {
    const doc = createDocument(editor, getTenant('duelmen'), { data: sampleData({ title: 'Schul-WLAN in Dülmen' }), body: 'Erste Fassung.\n', note: 'Erste Fassung' });
    submitRevision(editor, doc, doc.latestRevisionId!);
    expect(fresh(doc).status).toBe('in_pruefung');
    sendBackRevision(admin, fresh(doc), doc.latestRevisionId!, 'Bitte Kosten ergänzen.');
    expect(fresh(doc).status).toBe('entwurf');
    const saved = saveRevision(editor, fresh(doc), { data: sampleData({ title: 'Schul-WLAN in Dülmen' }), body: 'Zweite Fassung mit Kosten.\n', note: 'Kosten ergänzt', baseRevisionId: doc.latestRevisionId! });
    if (!saved.ok) throw new Error('unexpected conflict');
    submitRevision(editor, saved.doc, saved.revision.id);
    const published = approveRevision(kreisAdmin, fresh(doc), saved.revision.id, 'Danke!');
    expect(published.status).toBe('veroeffentlicht');
    expect(canReadDocument(null, published)).toBe(true);
    const revisions = listRevisions(doc.id);
    expect(revisions.map((r) => [r.number, r.status, r.note])).toEqual([
      [1, 'zurueckgegeben', 'Erste Fassung'],
      [2, 'veroeffentlicht', 'Kosten ergänzt'],
    ]);
    expect(revisions[0]!.reviewComment).toBe('Bitte Kosten ergänzen.');
    expect(revisions[1]!.authorId).toBe(editor.viewer.id);
    expect(revisions[1]!.reviewerId).toBe(kreisAdmin.viewer.id);
    expect(listDocuments(null, { tenant: 'duelmen' }).items.map((d) => d.id)).toContain(doc.id);
  });

  it('lets nobody approve or send back a revision they wrote themselves (four-eyes)', () => {
    const doc = createDocument(admin, getTenant('duelmen'), { data: sampleData({ title: 'Vom Admin selbst geschrieben' }), body: 'Text.\n', note: '' });
    submitRevision(admin, doc, doc.latestRevisionId!);
    expectHttpError(() => approveRevision(admin, fresh(doc), doc.latestRevisionId!, ''), 403);
    expectHttpError(() => sendBackRevision(admin, fresh(doc), doc.latestRevisionId!, 'selbst'), 403);
    expect(fresh(doc).status).toBe('in_pruefung');
    expect(approveRevision(kreisAdmin, fresh(doc), doc.latestRevisionId!, '').status).toBe('veroeffentlicht');
  });

  it('refuses review by editors, by admins of another Kommune, and a send-back without comment', () => {
    const doc = createDocument(editor, getTenant('duelmen'), { data: sampleData({ title: 'Nicht von jedem prüfbar' }), body: 'Text.\n', note: '' });
    submitRevision(editor, doc, doc.latestRevisionId!);
    expectHttpError(() => approveRevision(otherEditor, fresh(doc), doc.latestRevisionId!, ''), 403);
    expectHttpError(() => approveRevision(sendenAdmin, fresh(doc), doc.latestRevisionId!, ''), 403);
    expectHttpError(() => sendBackRevision(admin, fresh(doc), doc.latestRevisionId!, '   '), 400);
    expect(fresh(doc).status).toBe('in_pruefung');
  });

  it('keeps the published revision live while an edit is reviewed, then replaces it', () => {
    const doc = publish(sampleData({ title: 'Live bleibt live' }));
    const first = doc.liveRevisionId!;
    const saved = saveRevision(otherEditor, doc, { data: sampleData({ title: 'Live bleibt live', summary: 'Eine neue Zusammenfassung, die noch geprüft wird.' }), body: 'Neu.\n', note: 'Aktualisiert', baseRevisionId: first });
    if (!saved.ok) throw new Error('unexpected conflict');
    submitRevision(otherEditor, saved.doc, saved.revision.id);
    const during = fresh(doc);
    expect(during.status).toBe('veroeffentlicht');
    expect(during.liveRevisionId).toBe(first);
    expect(during.summary).toBe(sampleData().summary);
    expect(pendingRevision(during)?.status).toBe('in_pruefung');
    approveRevision(admin, during, saved.revision.id, '');
    const after = fresh(doc);
    expect(after.liveRevisionId).toBe(saved.revision.id);
    expect(after.summary).toBe('Eine neue Zusammenfassung, die noch geprüft wird.');
    expect(listRevisions(doc.id).map((r) => r.status)).toEqual(['abgeloest', 'veroeffentlicht']);
  });

  it('refuses to save over a newer revision and names the newer one', () => {
    const doc = publish(sampleData({ title: 'Zwei Leute bearbeiten gleichzeitig' }));
    const base = doc.liveRevisionId!;
    const first = saveRevision(editor, doc, { data: sampleData({ title: 'Zwei Leute bearbeiten gleichzeitig' }), body: 'Von Person A.\n', note: 'A', baseRevisionId: base });
    expect(first.ok).toBe(true);
    const second = saveRevision(otherEditor, fresh(doc), { data: sampleData({ title: 'Zwei Leute bearbeiten gleichzeitig' }), body: 'Von Person B.\n', note: 'B', baseRevisionId: base });
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(second.conflict.bodyMd).toBe('Von Person A.\n');
    expect(listRevisions(doc.id)).toHaveLength(2);
  });

  it('moves the slug after a published title change and keeps the old one as a redirect', () => {
    const doc = publish(sampleData({ title: 'Alter Titel des Berichts' }));
    expect(doc.slug).toBe('alter-titel-des-berichts');
    const saved = saveRevision(editor, doc, { data: sampleData({ title: 'Neuer Titel des Berichts' }), body: 'Text.\n', note: '', baseRevisionId: doc.liveRevisionId! });
    if (!saved.ok) throw new Error('unexpected conflict');
    expect(fresh(doc).slug).toBe('alter-titel-des-berichts');
    submitRevision(editor, saved.doc, saved.revision.id);
    const published = approveRevision(admin, fresh(doc), saved.revision.id, '');
    expect(published.slug).toBe('neuer-titel-des-berichts');
    expect(findDocument('duelmen', 'alter-titel-des-berichts')).toEqual({ redirectTo: 'neuer-titel-des-berichts' });
  });

  it('lets an editor of Senden neither edit nor submit a Dülmen Beitrag', () => {
    const doc = publish(sampleData({ title: 'Nur Dülmen darf das ändern' }));
    expectHttpError(() => saveRevision(sendenEditor, doc, { data: sampleData(), body: 'x\n', note: '', baseRevisionId: doc.liveRevisionId! }), 403);
    expectHttpError(() => createDocument(sendenEditor, getTenant('duelmen'), { data: sampleData(), body: 'x\n', note: '' }), 403);
    expect(listRevisions(doc.id)).toHaveLength(1);
  });

  it('lets only the Kreis create Leitfäden', () => {
    const leitfaden = sampleData({ title: 'Ein Leitfaden', type: 'leitfaden', fields: {} });
    expectHttpError(() => createDocument(admin, getTenant('duelmen'), { data: leitfaden, body: 'x\n', note: '' }), 400);
    expect(createDocument(kreisAdmin, getTenant('kreis-coesfeld'), { data: leitfaden, body: 'x\n', note: '' }).type).toBe('leitfaden');
  });

  it('refuses to edit a Beitrag that lives in content/', () => {
    const doc = insertDocument({
      tenant: 'kreis-coesfeld',
      source: 'content',
      status: 'veroeffentlicht',
      createdBy: null,
      revisions: [{ data: sampleData({ title: 'Leitfaden aus Git', type: 'leitfaden', fields: {} }), bodyMd: 'x\n', status: 'veroeffentlicht', authorId: null, authorLabel: 'content', note: '' }],
    });
    expectHttpError(() => saveRevision(kreisAdmin, doc, { data: sampleData({ type: 'leitfaden', fields: {} }), body: 'y\n', note: '', baseRevisionId: doc.latestRevisionId! }), 403);
  });

  it('takes an archived Beitrag out of the lists but keeps it readable by link', () => {
    const doc = publish(sampleData({ title: 'Wird archiviert' }));
    const archived = archiveDocument(admin, doc);
    expect(listDocuments(null, { tenant: 'duelmen', pageSize: 100 }).items.map((d) => d.id)).not.toContain(doc.id);
    expect(canReadDocument(null, archived)).toBe(true);
    expectHttpError(() => saveRevision(editor, archived, { data: sampleData(), body: 'x\n', note: '', baseRevisionId: archived.latestRevisionId! }), 409);
    expectHttpError(() => archiveDocument(editor, restoreDocument(admin, archived)), 403);
    expect(listDocuments(null, { tenant: 'duelmen', pageSize: 100 }).items.map((d) => d.id)).toContain(doc.id);
  });

  it('writes every workflow action to the audit log with actor, Kommune and IP', () => {
    const before = listAudit(['duelmen'], 1, 1000).total;
    const doc = createDocument(editor, getTenant('duelmen'), { data: sampleData({ title: 'Protokolliert' }), body: 'x\n', note: '' });
    submitRevision(editor, doc, doc.latestRevisionId!);
    sendBackRevision(admin, fresh(doc), doc.latestRevisionId!, 'Bitte ergänzen');
    const saved = saveRevision(editor, fresh(doc), { data: sampleData({ title: 'Protokolliert' }), body: 'y\n', note: 'ergänzt', baseRevisionId: doc.latestRevisionId! });
    if (!saved.ok) throw new Error('unexpected conflict');
    submitRevision(editor, saved.doc, saved.revision.id);
    approveRevision(admin, fresh(doc), saved.revision.id, '');
    archiveDocument(admin, fresh(doc));
    restoreDocument(admin, fresh(doc));
    const log = listAudit(['duelmen'], 1, 1000);
    const actions = log.items.slice(0, log.total - before).map((e) => e.action).reverse();
    expect(actions).toEqual(['document.create', 'document.submit', 'document.send_back', 'document.revise', 'document.submit', 'document.approve', 'document.archive', 'document.restore']);
    expect(log.items[0]!.ip).toBe('192.0.2.1');
    expect(log.items[0]!.object).toContain('duelmen/beitraege/protokolliert');
  });

  it('stores the sanitised HTML with the revision when it is saved', () => {
    const doc = createDocument(editor, getTenant('duelmen'), { data: sampleData({ title: 'HTML beim Speichern', fields: { ausgangslage: '**fett** <script>x()</script>' } }), body: '## Teil 1\n\n<img src=x onerror=alert(1)>\n', note: '' });
    const { html } = parseRevision(listRevisions(doc.id)[0]!);
    expect(html.body).toContain('<h2 id="teil-1">Teil 1</h2>');
    expect(html.body).not.toContain('onerror');
    expect(html.fields['ausgangslage']).toBe('<p><strong>fett</strong> </p>\n');
  });

  it('shows readers the live revision data, not the pending one', () => {
    const doc = publish(sampleData({ title: 'Lesende sehen die freigegebene Fassung' }));
    saveRevision(editor, doc, { data: sampleData({ title: 'Lesende sehen die freigegebene Fassung', summary: 'GEHEIMER ENTWURF der noch nicht freigegeben ist' }), body: 'Entwurf\n', note: '', baseRevisionId: doc.liveRevisionId! });
    const live = liveRevision(fresh(doc))!;
    expect(parseRevision(live).data.summary).toBe(sampleData().summary);
    expect(listDocuments(null, { tenant: 'duelmen', pageSize: 100 }).items.find((d) => d.id === doc.id)?.summary).toBe(sampleData().summary);
  });
});

describe('the Redaktion lists', () => {
  it('show my drafts, what waits for my review, what was sent back to me and what I sent back', () => {
    const writer = makeActor('duelmen', 'redakteur');
    const reviewer = makeActor('duelmen', 'admin');
    const draft = createDocument(writer, getTenant('duelmen'), { data: sampleData({ title: 'Liegt noch im Entwurf' }), body: 'x\n', note: '' });
    const review = createDocument(writer, getTenant('duelmen'), { data: sampleData({ title: 'Wartet auf Prüfung' }), body: 'x\n', note: '' });
    submitRevision(writer, review, review.latestRevisionId!);
    const back = createDocument(writer, getTenant('duelmen'), { data: sampleData({ title: 'Geht zurück' }), body: 'x\n', note: '' });
    submitRevision(writer, back, back.latestRevisionId!);
    sendBackRevision(reviewer, fresh(back), back.latestRevisionId!, 'Bitte kürzen');
    const titlesOf = (items: { title: string }[]) => items.map((i) => i.title);
    expect(titlesOf(myDrafts(writer.viewer))).toEqual([fresh(draft).title]);
    expect(titlesOf(myRevisionsInReview(writer.viewer))).toEqual(['Wartet auf Prüfung']);
    expect(titlesOf(sentBackToMe(writer.viewer))).toEqual(['Geht zurück']);
    expect(sentBackToMe(writer.viewer)[0]!.reviewComment).toBe('Bitte kürzen');
    expect(titlesOf(waitingForMyReview(reviewer.viewer))).toContain('Wartet auf Prüfung');
    expect(titlesOf(waitingForMyReview(sendenAdmin.viewer))).not.toContain('Wartet auf Prüfung');
    expect(titlesOf(sentBackByMe(reviewer.viewer))).toEqual(['Geht zurück']);
  });
});
