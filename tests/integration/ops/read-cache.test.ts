import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../../src/lib/auth/viewer';
import { listDocuments, countDocumentsByTenant } from '../../../src/lib/documents/list';
import { listAudienceKey } from '../../../src/lib/documents/visibility';
import { publishSample, sampleData } from './helpers';
import { insertDocument } from '../../../src/lib/documents/store';

const staff = (memberships: Viewer['memberships'], isKreisAdmin = false): Viewer => ({ id: 'u', email: 'u@x.de', name: 'U', memberships, isKreisAdmin });

describe('cached lists', () => {
  it('show a newly published Beitrag at once, in lists and counts', () => {
    publishSample('billerbeck', 'Erster Beitrag aus Billerbeck');
    expect(listDocuments(null, { tenant: 'billerbeck' }).items.map((d) => d.title)).toEqual(['Erster Beitrag aus Billerbeck']);
    expect(countDocumentsByTenant(null).get('billerbeck')).toBe(1);
    publishSample('billerbeck', 'Zweiter Beitrag aus Billerbeck');
    expect(listDocuments(null, { tenant: 'billerbeck' }).total).toBe(2);
    expect(countDocumentsByTenant(null).get('billerbeck')).toBe(2);
  });

  it('never hand one audience the list of another', () => {
    insertDocument({
      tenant: 'rosendahl',
      source: 'web',
      status: 'veroeffentlicht',
      createdBy: null,
      revisions: [{ data: sampleData('Nur für Rosendahl', { visibility: 'kommune' }), bodyMd: 'x', status: 'veroeffentlicht', authorId: null, authorLabel: 'T', note: '' }],
    });
    const titles = (v: Viewer | null) => listDocuments(v, { tenant: 'rosendahl' }).items.map((d) => d.title);
    expect(titles(staff({ rosendahl: 'mitarbeiter' }))).toEqual(['Nur für Rosendahl']);
    expect(titles(null)).toEqual([]);
    expect(titles(staff({ olfen: 'admin' }))).toEqual([]);
    expect(titles(staff({}, true))).toEqual(['Nur für Rosendahl']);
    expect(countDocumentsByTenant(staff({ olfen: 'admin' })).get('rosendahl')).toBeUndefined();
  });

  it('gives viewers the same key exactly when the visibility rule treats them alike', () => {
    expect(listAudienceKey(null)).toBe(listAudienceKey(staff({})));
    expect(listAudienceKey(staff({ olfen: 'mitarbeiter', senden: 'admin' }))).toBe(listAudienceKey(staff({ senden: 'redakteur', olfen: 'admin' })));
    expect(listAudienceKey(staff({ olfen: 'mitarbeiter' }))).not.toBe(listAudienceKey(staff({ senden: 'mitarbeiter' })));
    expect(listAudienceKey(staff({ olfen: 'mitarbeiter' }, true))).not.toBe(listAudienceKey(staff({ olfen: 'mitarbeiter' })));
  });
});
