import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getConfig } from '../../../src/lib/config';
import { addArtefact, artefactTextsFor, canReadVersion, findOwningDocument, findVersionForDownload, listArtefacts, listTenantArtefacts, newestArtefactVersions, type OwningDocument } from '../../../src/lib/files/artefacts';
import { pendingFileChanges } from '../../../src/lib/files/approval';
import { addPendingFile, keepFile, removeFile } from '../../../src/lib/files/review';
import { blobPath } from '../../../src/lib/files/blobs';
import { parseManifest } from '../../../src/lib/files/manifest';
import { approveRevision, createDocument, saveRevision, sendBackRevision, submitRevision, type Actor } from '../../../src/lib/documents/workflow';
import { getDocumentById, latestRevision, listRevisions } from '../../../src/lib/documents/revisions';
import { getTenant } from '../../../src/lib/tenants/registry';
import { runBuild } from '../../../src/lib/search/build';
import { writePointer } from '../../../src/lib/search/layout';
import { openSearch } from '../../fixtures/search-client';
import { archiveBeitrag, publishBeitrag } from '../../fixtures/beitraege';
import { makeActor, sampleData } from '../documents/helpers';
import { publishedDocument } from './helpers';
import { deleteAccount } from '../../../src/lib/auth/account';
import { eligibleReviewers } from '../../../src/lib/documents/reviewers';
import type { Viewer } from '../../../src/lib/auth/viewer';

let editor: Actor;
let admin: Actor;
let staff: Viewer;

beforeAll(() => {
  editor = makeActor('duelmen', 'redakteur', 'Rita Redakteurin');
  admin = makeActor('duelmen', 'admin', 'Anton Admin');
  staff = makeActor('duelmen', 'mitarbeiter').viewer;
});

let fileCounter = 0;
function storedFile(text: string, fileName = `datei-${++fileCounter}.txt`) {
  const tmpPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wn-upload-')), 'upload');
  fs.writeFileSync(tmpPath, text);
  return { tmpPath, sha256: createHash('sha256').update(text).digest('hex'), size: Buffer.byteLength(text), kind: 'txt' as const, fileName };
}

const meta = (title: string, licence = 'CC-BY-4.0', version = '1.0') => ({ title, description: '', licence, version });
const owning = (slug: string): OwningDocument => findOwningDocument('duelmen', slug)!;

/** Submits the newest revision and approves it as another person. */
function submitAndApprove(doc: OwningDocument): void {
  const row = getDocumentById(doc.id)!;
  submitRevision(editor, row, latestRevision(row).id);
  const again = getDocumentById(doc.id)!;
  approveRevision(admin, again, latestRevision(again).id, '');
}

async function findPublic(term: string): Promise<string[]> {
  const session = await openSearch(getConfig().dataDir, ['public']);
  try {
    return (await session.search(term)).map((h) => h.url);
  } finally {
    await session.close();
  }
}

describe('files in the four-eyes review', () => {
  it('a file added to a published Beitrag is neither downloadable nor searchable for readers until its revision is approved', async () => {
    const doc = owning(publishBeitrag({ title: 'Lastenräder im Bauhof', body: 'Wie der Bauhof Lastenräder einsetzt.' }).slug);
    writePointer((await runBuild('full')).pointer!);
    const number = addPendingFile(editor, doc, meta('Ausleihordnung Quastenflosser'), storedFile('Die Ausleihordnung für Quastenflosser-Räder.'), null);
    expect(number).toBe(2);
    const { versionId } = parseManifest(latestRevision(getDocumentById(doc.id)!).files)![0]!;
    const found = findVersionForDownload(versionId)!;
    expect(canReadVersion(null, found.document, found.version)).toBe(false);
    expect(canReadVersion(staff, found.document, found.version)).toBe(false);
    expect(canReadVersion(editor.viewer, found.document, found.version)).toBe(true);
    expect(canReadVersion(admin.viewer, found.document, found.version)).toBe(true);
    expect(listArtefacts(null, doc)).toEqual([]);
    expect(listArtefacts(editor.viewer, doc, { withPending: true })).toHaveLength(1);
    expect(listTenantArtefacts(staff, 'duelmen').map((a) => a.title)).not.toContain('Ausleihordnung Quastenflosser');
    expect(artefactTextsFor([doc.id]).get(doc.id)).toBeUndefined();
    expect(newestArtefactVersions().map((v) => v.sha256)).not.toContain(found.version.sha256);
    writePointer((await runBuild('full')).pointer!);
    expect(await findPublic('Quastenflosser')).toEqual([]);

    expect(pendingFileChanges(doc.id).map((c) => [c.kind, c.title, c.version.version, c.licence])).toEqual([['neu', 'Ausleihordnung Quastenflosser', '1.0', 'CC-BY-4.0']]);
    submitAndApprove(doc);
    const after = findVersionForDownload(versionId)!;
    expect(canReadVersion(null, after.document, after.version)).toBe(true);
    expect(listArtefacts(null, doc).map((a) => a.title)).toEqual(['Ausleihordnung Quastenflosser']);
    expect(pendingFileChanges(doc.id)).toEqual([]);
    writePointer((await runBuild('recent')).pointer!);
    expect(await findPublic('Quastenflosser')).toContain(`/duelmen/beitraege/${doc.slug}`);
  });

  it('a removed file stays published until the removal is approved, then its blob is gone', () => {
    const doc = owning(publishBeitrag({ title: 'Schließanlage Rathaus', body: 'Text.' }).slug);
    const { artefact, version } = addArtefact(doc.id, meta('Schließplan'), storedFile('Schließplan Rathaus'), { id: null, label: 'Test' });
    expect(removeFile(editor, doc, { artefactId: artefact.id })).toEqual({ title: 'Schließplan', immediate: false });
    expect(listArtefacts(null, doc).map((a) => a.title)).toEqual(['Schließplan']);
    expect(pendingFileChanges(doc.id).map((c) => c.kind)).toEqual(['entfernt']);
    expect(parseManifest(latestRevision(getDocumentById(doc.id)!).files)).toEqual([]);
    submitAndApprove(doc);
    expect(listArtefacts(null, doc)).toEqual([]);
    expect(findVersionForDownload(version.id)).toBeUndefined();
    expect(fs.existsSync(blobPath(version.sha256))).toBe(false);
  });

  it('a requested removal can be taken back before approval', () => {
    const doc = owning(publishBeitrag({ title: 'Dienstplan Hausmeister', body: 'Text.' }).slug);
    const { artefact } = addArtefact(doc.id, meta('Dienstplanvorlage'), storedFile('Dienstplan'), { id: null, label: 'Test' });
    removeFile(editor, doc, { artefactId: artefact.id });
    keepFile(editor, doc, { artefactId: artefact.id });
    expect(pendingFileChanges(doc.id)).toEqual([]);
    submitAndApprove(doc);
    expect(listArtefacts(null, doc).map((a) => a.title)).toEqual(['Dienstplanvorlage']);
  });

  it('withdrawing an upload that was never approved removes it at once, blob included', () => {
    const doc = owning(publishBeitrag({ title: 'Fundbüro digital', body: 'Text.' }).slug);
    addPendingFile(editor, doc, meta('Fundliste'), storedFile('Fundliste 2026'), null);
    const [pending] = listArtefacts(editor.viewer, doc, { withPending: true });
    expect(removeFile(editor, doc, { artefactId: pending!.id }).immediate).toBe(true);
    expect(listArtefacts(editor.viewer, doc, { withPending: true })).toEqual([]);
    expect(fs.existsSync(blobPath(pending!.versions[0]!.sha256))).toBe(false);
  });

  it('a new version keeps the published title and licence until it is approved', () => {
    const doc = owning(publishBeitrag({ title: 'Vorlagen Elternbrief', body: 'Text.' }).slug);
    const { artefact } = addArtefact(doc.id, meta('Elternbrief', 'CC-BY-4.0'), storedFile('Elternbrief eins'), { id: null, label: 'Test' });
    addPendingFile(editor, doc, meta('Elternbrief 2026', 'CC0-1.0', '2.0'), storedFile('Elternbrief zwei'), artefact.id);
    const readers = listArtefacts(null, doc);
    expect(readers.map((a) => [a.title, a.licence, a.versions.map((v) => v.version)])).toEqual([['Elternbrief', 'CC-BY-4.0', ['1.0']]]);
    expect(pendingFileChanges(doc.id).map((c) => [c.kind, c.title, c.licence, c.version.version])).toEqual([['neue-version', 'Elternbrief 2026', 'CC0-1.0', '2.0']]);
    submitAndApprove(doc);
    expect(listArtefacts(null, doc).map((a) => [a.title, a.licence, a.versions.map((v) => v.version)])).toEqual([['Elternbrief 2026', 'CC0-1.0', ['2.0', '1.0']]]);
  });

  it('a file change while a revision is in review withdraws that revision from review', () => {
    const doc = owning(publishBeitrag({ title: 'Ratsinformationssystem', body: 'Text.' }).slug);
    addPendingFile(editor, doc, meta('Handbuch'), storedFile('Handbuch'), null);
    const row = getDocumentById(doc.id)!;
    submitRevision(editor, row, latestRevision(row).id);
    addPendingFile(editor, doc, meta('Nachtrag'), storedFile('Nachtrag'), null);
    const statuses = listRevisions(doc.id).map((r) => [r.number, r.status]);
    expect(statuses).toEqual([[1, 'veroeffentlicht'], [2, 'abgeloest'], [3, 'entwurf']]);
  });

  it('a sent-back revision stays a record: the next file change starts a new draft, the files wait on', () => {
    const doc = owning(publishBeitrag({ title: 'Bürgerbüro Terminvergabe', body: 'Text.' }).slug);
    addPendingFile(editor, doc, meta('Terminplan'), storedFile('Terminplan'), null);
    const row = getDocumentById(doc.id)!;
    submitRevision(editor, row, latestRevision(row).id);
    sendBackRevision(admin, getDocumentById(doc.id)!, latestRevision(getDocumentById(doc.id)!).id, 'Bitte Datei beschreiben.');
    addPendingFile(editor, doc, meta('Terminplan Beschreibung'), storedFile('Beschreibung'), null);
    expect(listRevisions(doc.id).map((r) => r.status)).toEqual(['veroeffentlicht', 'zurueckgegeben', 'entwurf']);
    expect(pendingFileChanges(doc.id).map((c) => c.title)).toEqual(['Terminplan', 'Terminplan Beschreibung']);
  });

  it('files of a never-published Beitrag go live with its first approval', () => {
    const created = createDocument(editor, getTenant('duelmen'), { data: sampleData({ title: 'Neuer Beitrag mit Anhang' }), body: 'Text.', note: '' });
    const doc = owning(created.slug);
    expect(addPendingFile(editor, doc, meta('Anhang'), storedFile('Anhang'), null)).toBe(1);
    expect(listRevisions(doc.id)).toHaveLength(1);
    expect(listArtefacts(staff, doc)).toEqual([]);
    submitAndApprove(doc);
    expect(listArtefacts(null, owning(created.slug)).map((a) => a.title)).toEqual(['Anhang']);
    expect(parseManifest(listRevisions(doc.id)[0]!.files)!.map((f) => f.title)).toEqual(['Anhang']);
  });

  it('approving a revision that only changes files keeps the address of the Beitrag', () => {
    const doc = publishedDocument('duelmen', 'kurzer-name');
    addPendingFile(editor, doc, meta('Anlage'), storedFile('Anlage zum kurzen Namen'), null);
    submitAndApprove(doc);
    expect(findOwningDocument('duelmen', 'kurzer-name')?.id).toBe(doc.id);
  });

  it('refuses file changes on an archived Beitrag, whatever the caller passes in', () => {
    const doc = owning(publishBeitrag({ title: 'Wirklich archiviert', body: 'Text.' }).slug);
    archiveBeitrag(doc.id);
    const before = listRevisions(doc.id).length;
    expect(() => addPendingFile(editor, { ...doc, status: 'veroeffentlicht' }, meta('Anhang'), storedFile('Anhang archiviert'), null)).toThrow(/archiviert/);
    expect(listRevisions(doc.id)).toHaveLength(before);
    expect(listArtefacts(editor.viewer, owning(doc.slug), { withPending: true })).toEqual([]);
  });
});

describe('four-eyes for file changes', () => {
  it('whoever uploaded or asked to remove a file of the revision may not approve it, even when someone else wrote the text', () => {
    const uploadingAdmin = makeActor('duelmen', 'admin', 'Ulla Upload');
    const doc = owning(publishBeitrag({ title: 'Vier Augen für Dateien', body: 'Text.' }).slug);
    const { artefact } = addArtefact(doc.id, meta('Alte Liste'), storedFile('Alte Liste'), { id: null, label: 'Test' });
    /** The Redakteurin writes the text of the open draft and submits it; returns the Beitrag in review. */
    const editorWritesAndSubmits = (body: string) => {
      const drafted = getDocumentById(doc.id)!;
      const saved = saveRevision(editor, drafted, { data: JSON.parse(latestRevision(drafted).data), body, note: '', baseRevisionId: latestRevision(drafted).id });
      if (!saved.ok) throw new Error('save failed');
      submitRevision(editor, saved.doc, saved.revision.id);
      return getDocumentById(doc.id)!;
    };

    addPendingFile(uploadingAdmin, doc, meta('Neue Liste'), storedFile('Neue Liste'), null);
    const inReview = editorWritesAndSubmits('Neuer Text.\n');
    expect(latestRevision(inReview).authorId).toBe(editor.viewer.id);
    expect(() => approveRevision(uploadingAdmin, inReview, latestRevision(inReview).id, '')).toThrow(/Dateien dieser Fassung selbst/);
    expect(eligibleReviewers(inReview, latestRevision(inReview)).map((p) => p.id)).not.toContain(uploadingAdmin.viewer.id);
    approveRevision(admin, inReview, latestRevision(inReview).id, '');

    // The same for a removal: the admin who asked for it does not approve it.
    removeFile(admin, doc, { artefactId: artefact.id });
    const second = editorWritesAndSubmits('Noch neuerer Text.\n');
    expect(() => approveRevision(admin, second, latestRevision(second).id, '')).toThrow(/Dateien dieser Fassung selbst/);
    approveRevision(uploadingAdmin, second, latestRevision(second).id, '');
    expect(listArtefacts(null, doc).map((a) => a.title)).toEqual(['Neue Liste']);
  });
});

describe('deleting an account with file changes waiting for review', () => {
  it('keeps the changes and does not fail on the references to the person', () => {
    const leaving = makeActor('duelmen', 'redakteur', 'Lea Leaving');
    const doc = owning(publishBeitrag({ title: 'Konto mit offenen Dateien', body: 'Text.' }).slug);
    const { artefact } = addArtefact(doc.id, meta('Bleibt vorerst'), storedFile('Bleibt vorerst'), { id: null, label: 'Test' });
    addPendingFile(leaving, doc, meta('Neu von Lea'), storedFile('Neu von Lea'), null);
    removeFile(leaving, doc, { artefactId: artefact.id });
    expect(() => deleteAccount(leaving.viewer.id)).not.toThrow();
    expect(pendingFileChanges(doc.id).map((c) => [c.kind, c.title])).toEqual([['entfernt', 'Bleibt vorerst'], ['neu', 'Neu von Lea']]);
  });
});
