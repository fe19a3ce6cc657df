import { beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../../src/lib/auth/viewer';
import { listDocumentsAfter, type ListPosition } from '../../../src/lib/documents/keyset';
import { countTags, tagKey } from '../../../src/lib/documents/tags';
import { insertDocument } from '../../../src/lib/documents/store';
import type { DocumentData } from '../../../src/lib/documents/data';

const duelmenStaff: Viewer = { id: 'u1', email: 'm@duelmen.example', name: 'M', memberships: { duelmen: 'mitarbeiter' }, isKreisAdmin: false };

function publish(i: number, over: Partial<DocumentData>, publishedAt: string, tenant = 'duelmen') {
  const data: DocumentData = {
    title: `Beitrag ${i}`,
    summary: 'Eine Zusammenfassung.',
    type: 'erfahrungsbericht',
    topics: ['verwaltung'],
    tags: [],
    visibility: 'oeffentlich',
    stand: '2025-05-01',
    reviewDue: null,
    contact: { mailbox: 'a@example.org', person: null },
    references: [],
    fields: {},
    ...over,
  };
  insertDocument({ tenant, source: 'web', status: 'veroeffentlicht', createdBy: null, publishedAt, revisions: [{ data, bodyMd: 'Text', status: 'veroeffentlicht', authorId: null, authorLabel: 'T', note: '' }] });
}

beforeAll(() => {
  // 25 public Beiträge, several sharing one publication time (the id breaks the tie).
  for (let i = 0; i < 25; i++) {
    publish(i, { topics: i % 2 ? ['schule'] : ['verwaltung'], tags: i % 5 === 0 ? ['Tablets'] : ['Sonstiges'], stand: i < 10 ? '2024-06-01' : '2025-06-01' }, `2025-01-${String(10 + Math.floor(i / 3)).padStart(2, '0')}T08:00:00.000Z`);
  }
  publish(100, { visibility: 'kommune', tags: ['Geheim'] }, '2025-03-01T08:00:00.000Z');
  publish(101, { visibility: 'intern', tags: ['Intern'] }, '2025-03-02T08:00:00.000Z', 'senden');
});

function all(viewer: Viewer | null, filter = {}, limit = 7): string[] {
  const titles: string[] = [];
  let after: ListPosition | null = null;
  for (let guard = 0; guard < 50; guard++) {
    const page = listDocumentsAfter(viewer, filter, after, limit);
    titles.push(...page.items.map((d) => d.title));
    if (!page.next) return titles;
    after = page.next;
  }
  throw new Error('no end');
}

describe('listDocumentsAfter', () => {
  it('pages through every readable Beitrag exactly once, newest first, also across equal publication times', () => {
    const titles = all(null);
    expect(titles).toHaveLength(25);
    expect(new Set(titles).size).toBe(25);
    expect(titles[0]).toBe('Beitrag 24');
    expect(titles.at(-1)).toBe('Beitrag 0');
  });

  it('shows anonymous readers no internal or Kommune-only Beiträge, and staff theirs', () => {
    expect(all(null)).not.toContain('Beitrag 100');
    expect(all(duelmenStaff)).toEqual(expect.arrayContaining(['Beitrag 100', 'Beitrag 101']));
  });

  it('filters by Themenfeld, year of the Stand and tag (whatever its case)', () => {
    expect(all(null, { topic: 'schule' })).toHaveLength(12);
    expect(all(null, { year: 2024 })).toHaveLength(10);
    expect(all(null, { tag: 'tablets' })).toEqual(['Beitrag 20', 'Beitrag 15', 'Beitrag 10', 'Beitrag 5', 'Beitrag 0']);
    expect(all(null, { tag: 'Geheim' })).toEqual([]);
  });
});

describe('countTags', () => {
  it('counts only tags of Beiträge the viewer may read', () => {
    const anonymous = countTags(null);
    expect(anonymous.find((t) => t.key === 'tablets')).toEqual({ key: 'tablets', label: 'Tablets', count: 5 });
    expect(anonymous.map((t) => t.key)).not.toContain('geheim');
    expect(countTags(duelmenStaff).map((t) => t.key)).toEqual(expect.arrayContaining(['geheim', 'intern']));
  });

  it('folds case like the migration does', () => {
    expect(tagKey('ÜBERGANG Schule')).toBe('übergang schule');
  });
});
