import { beforeAll, describe, expect, it } from 'vitest';
import { getTenant } from '../../../src/lib/tenants/registry';
import { buildAtomFeed } from '../../../src/lib/documents/feeds';
import { buildSitemap } from '../../../src/lib/documents/sitemap';
import { countDocumentsByTenant, countDocumentsByTopic, listDocuments } from '../../../src/lib/documents/list';
import { approveRevision, createDocument, submitRevision, type Actor } from '../../../src/lib/documents/workflow';
import { getDocumentById } from '../../../src/lib/documents/revisions';
import type { DocumentData } from '../../../src/lib/documents/data';
import { makeActor, sampleData } from './helpers';

let editor: Actor;
let admin: Actor;
let duelmenStaff: Actor;
let sendenEditor: Actor;
let kreisAdmin: Actor;

function publish(data: DocumentData) {
  const doc = createDocument(editor, getTenant('duelmen'), { data, body: 'Text.\n', note: '' });
  submitRevision(editor, doc, doc.latestRevisionId!);
  return approveRevision(admin, getDocumentById(doc.id)!, doc.latestRevisionId!, '');
}

const titles = (viewer: Actor | null, filter = {}) => listDocuments(viewer?.viewer ?? null, { ...filter, pageSize: 100 }).items.map((d) => d.title);

beforeAll(() => {
  editor = makeActor('duelmen', 'redakteur');
  admin = makeActor('duelmen', 'admin');
  duelmenStaff = makeActor('duelmen', 'mitarbeiter');
  sendenEditor = makeActor('senden', 'redakteur');
  kreisAdmin = makeActor('kreis-coesfeld', 'admin');
  publish(sampleData({ title: 'Öffentlicher Bericht aus Dülmen', visibility: 'oeffentlich', topics: ['soziales'] }));
  publish(sampleData({ title: 'Interner Bericht aus Dülmen', visibility: 'intern', topics: ['soziales'] }));
  publish(sampleData({ title: 'Nur-Dülmen-Bericht über Jugendhilfe', visibility: 'kommune', topics: ['soziales'] }));
  createDocument(editor, getTenant('duelmen'), { data: sampleData({ title: 'Unfertiger Entwurf', visibility: 'oeffentlich', topics: ['soziales'] }), body: 'x\n', note: '' });
});

describe('who sees which Beitrag', () => {
  it('shows anonymous readers only public published Beiträge', () => {
    expect(titles(null, { tenant: 'duelmen' })).toEqual(['Öffentlicher Bericht aus Dülmen']);
    expect(countDocumentsByTenant(null).get('duelmen')).toBe(1);
    expect(countDocumentsByTopic(null).get('soziales')).toBe(1);
  });

  it('shows staff of other Kommunen public and internal Beiträge, never "nur Kommune" ones', () => {
    const seen = titles(sendenEditor, { tenant: 'duelmen' });
    expect(seen).toContain('Interner Bericht aus Dülmen');
    expect(seen).not.toContain('Nur-Dülmen-Bericht über Jugendhilfe');
    expect(titles(sendenEditor, { topic: 'soziales' })).not.toContain('Nur-Dülmen-Bericht über Jugendhilfe');
    expect(countDocumentsByTenant(sendenEditor.viewer).get('duelmen')).toBe(2);
  });

  it('shows "nur Kommune" Beiträge to every member of that Kommune and to Kreis admins', () => {
    expect(titles(duelmenStaff, { tenant: 'duelmen' })).toContain('Nur-Dülmen-Bericht über Jugendhilfe');
    expect(titles(kreisAdmin, { tenant: 'duelmen' })).toContain('Nur-Dülmen-Bericht über Jugendhilfe');
  });

  it('never lists drafts, not even to their author', () => {
    expect(titles(editor)).not.toContain('Unfertiger Entwurf');
  });
});

describe('feeds and sitemap', () => {
  it('carry only public published Beiträge, per Kommune and per Themenfeld', () => {
    for (const filter of [{}, { tenant: 'duelmen' }, { topic: 'soziales' as const }]) {
      const feed = buildAtomFeed({ origin: 'https://wissen.example', path: '/feed.xml', title: 'Test', filter });
      expect(feed).toContain('<title>Öffentlicher Bericht aus Dülmen</title>');
      expect(feed).not.toContain('Interner Bericht');
      expect(feed).not.toContain('Nur-Dülmen-Bericht');
      expect(feed).not.toContain('Unfertiger Entwurf');
    }
    expect(buildAtomFeed({ origin: 'https://wissen.example', path: '/senden/feed.xml', title: 'Senden', filter: { tenant: 'senden' } })).not.toContain('<entry>');
  });

  it('escapes titles in the feed', () => {
    publish(sampleData({ title: 'Kosten & Nutzen <von> "Tablets"', visibility: 'oeffentlich' }));
    const feed = buildAtomFeed({ origin: 'https://wissen.example', path: '/feed.xml', title: 'Test', filter: {} });
    expect(feed).toContain('<title>Kosten &amp; Nutzen &lt;von&gt; &quot;Tablets&quot;</title>');
  });

  it('lists public Beiträge and hub pages in the sitemap, nothing internal', () => {
    const sitemap = buildSitemap('https://wissen.example');
    expect(sitemap).toContain('<loc>https://wissen.example/duelmen/beitraege/oeffentlicher-bericht-aus-duelmen</loc>');
    expect(sitemap).toContain('<loc>https://wissen.example/themenfelder/schule</loc>');
    expect(sitemap).not.toContain('interner-bericht');
    expect(sitemap).not.toContain('nur-duelmen');
    expect(sitemap).not.toContain('unfertiger-entwurf');
  });
});

describe('sorting and paging', () => {
  it('sorts by title in German order, umlauts with their base letter', () => {
    publish(sampleData({ title: 'Zukunftswerkstatt Schule', visibility: 'oeffentlich' }));
    publish(sampleData({ title: 'Ärztliche Sprechstunde an Schulen', visibility: 'oeffentlich' }));
    publish(sampleData({ title: 'Bürgerbus digital', visibility: 'oeffentlich' }));
    const sorted = titles(null, { tenant: 'duelmen', sort: 'titel' });
    expect(sorted.indexOf('Ärztliche Sprechstunde an Schulen')).toBeLessThan(sorted.indexOf('Bürgerbus digital'));
    expect(sorted.indexOf('Bürgerbus digital')).toBeLessThan(sorted.indexOf('Zukunftswerkstatt Schule'));
  });

  it('pages through a list without repeating or losing a Beitrag', () => {
    const all = titles(null, { tenant: 'duelmen', sort: 'titel' });
    const paged = [1, 2, 3, 4].flatMap((page) => listDocuments(null, { tenant: 'duelmen', sort: 'titel', page, pageSize: 2 }).items.map((d) => d.title));
    expect(paged.slice(0, all.length)).toEqual(all);
    expect(listDocuments(null, { tenant: 'duelmen', pageSize: 2 }).pages).toBe(Math.ceil(all.length / 2));
  });
});
