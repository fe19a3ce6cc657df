import { describe, expect, it } from 'vitest';
import { getTenant } from '../../../src/lib/tenants/registry';
import { getDocumentById, latestRevision, listRevisions, liveRevision } from '../../../src/lib/documents/revisions';
import { approveRevision, createDocument, restoreRevision, saveRevision, submitRevision } from '../../../src/lib/documents/workflow';
import { eligibleReviewers } from '../../../src/lib/documents/reviewers';
import { setDisabledForTest } from './disable';
import { makeActor, sampleData } from './helpers';

describe('restoreRevision', () => {
  it('restoring revision 1 of a published Beitrag creates a draft equal to it, reviewed like any edit', () => {
    const editor = makeActor('duelmen', 'redakteur');
    const admin = makeActor('duelmen', 'admin');
    const first = createDocument(editor, getTenant('duelmen'), { data: sampleData({ title: 'Tablets an Grundschulen' }), body: 'Erste Fassung des Textes.\n', note: '' });
    submitRevision(editor, first, first.latestRevisionId!);
    approveRevision(admin, getDocumentById(first.id)!, first.latestRevisionId!, '');
    const second = saveRevision(editor, getDocumentById(first.id)!, {
      data: sampleData({ title: 'Tablets an allen Grundschulen', tags: ['Tablets'], fields: { ausgangslage: 'Neu geschrieben.' } }),
      body: 'Zweite Fassung.\n',
      note: 'umgeschrieben',
      baseRevisionId: first.latestRevisionId!,
    });
    if (!second.ok) throw new Error('save failed');
    submitRevision(editor, second.doc, second.revision.id);
    approveRevision(admin, getDocumentById(first.id)!, second.revision.id, '');

    const restored = restoreRevision(editor, getDocumentById(first.id)!, 1);
    const [one] = listRevisions(first.id);
    expect(restored.number).toBe(3);
    expect(restored.status).toBe('entwurf');
    expect(JSON.parse(restored.data)).toEqual(JSON.parse(one!.data));
    expect(restored.bodyMd).toBe(one!.bodyMd);
    expect(restored.note).toBe('Wiederhergestellt aus Fassung 1');
    // Until it is approved, readers keep the published revision 2.
    const doc = getDocumentById(first.id)!;
    expect(liveRevision(doc)!.number).toBe(2);
    expect(doc.title).toBe('Tablets an allen Grundschulen');
    expect(latestRevision(doc).id).toBe(restored.id);
  });

  it('refuses to restore for someone who may not edit, and the newest revision onto itself', () => {
    const editor = makeActor('duelmen', 'redakteur');
    const staff = makeActor('duelmen', 'mitarbeiter');
    const doc = createDocument(editor, getTenant('duelmen'), { data: sampleData({ title: 'Nur eine Fassung' }), body: 'Text.\n', note: '' });
    expect(() => restoreRevision(staff, doc, 1)).toThrow(/Redakteur/);
    expect(() => restoreRevision(editor, doc, 1)).toThrow(/bereits die neueste/);
    expect(() => restoreRevision(editor, doc, 9)).toThrow(/gibt es nicht/);
  });
});

describe('eligibleReviewers', () => {
  it('names nobody for the only Kreis admin\'s own Leitfaden, and the second Kreis admin once there is one', () => {
    // Kreis admins of earlier test files do not exist here: each file has its own database.
    const only = makeActor('kreis-coesfeld', 'admin', 'Karla Kreis');
    const doc = createDocument(only, getTenant('kreis-coesfeld'), { data: sampleData({ title: 'Leitfaden Test', type: 'leitfaden', fields: {} }), body: 'Text.\n', note: '' });
    const revision = latestRevision(doc);
    expect(eligibleReviewers(doc, revision)).toEqual([]);
    const second = makeActor('kreis-coesfeld', 'admin', 'Konrad Kreis');
    expect(eligibleReviewers(doc, revision).map((p) => p.name)).toEqual([second.viewer.name]);
    setDisabledForTest(second.viewer.id);
    expect(eligibleReviewers(doc, revision)).toEqual([]);
  });

  it('names the Kommune\'s other admins first, then the Kreis admins, never the author', () => {
    const author = makeActor('senden', 'admin', 'Sabine Senden');
    const colleague = makeActor('senden', 'admin', 'Stefan Senden');
    makeActor('senden', 'redakteur', 'Rolf Redakteur');
    makeActor('duelmen', 'admin', 'Doris Dülmen');
    const doc = createDocument(author, getTenant('senden'), { data: sampleData({ title: 'Sendener Beitrag' }), body: 'Text.\n', note: '' });
    const names = eligibleReviewers(doc, latestRevision(doc)).map((p) => [p.name, p.tenant]);
    expect(names[0]).toEqual([colleague.viewer.name, 'senden']);
    expect(names.map(([n]) => n)).not.toContain(author.viewer.name);
    expect(names.map(([n]) => n ?? '').some((n) => n.startsWith('Rolf') || n.startsWith('Doris'))).toBe(false);
    expect(names.slice(1).every(([, t]) => t === 'kreis-coesfeld')).toBe(true);
  });
});
