import { describe, expect, it } from 'vitest';
import { refreshRelated, staleDocumentIds } from '../../../src/lib/related/refresh';
import { rankRelated } from '../../../src/lib/related/compute';
import { relatedFor, warmRelated } from '../../../src/lib/related/read';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { documentFrequencies, indexedCount } from '../../../src/lib/related/text-index';
import { makeActor } from '../documents/helpers';
import { databasePath, getDb } from '../../../src/lib/db/client';
import { documents, relatedDocuments } from '../../../src/lib/db/schema';
import { archiveBeitrag, publishBeitrag, restrictBeitrag } from '../../fixtures/beitraege';
import type { DocumentRow } from '../../../src/lib/documents/store';

const titles = (list: readonly { title: string }[]) => list.map((r) => r.title);

/** Beiträge about other things, so that BM25 weighs shared words by their rarity as in a real hub. */
function publishOtherTopics(): void {
  const topics = ['Friedhofsverwaltung', 'Hundesteuer', 'Straßenbeleuchtung', 'Wochenmarkt', 'Feuerwehrhaus', 'Bauhof', 'Freibad', 'Ratsinformationssystem', 'Wahlhelfer', 'Baumkataster', 'Sperrmüll', 'Kirmes'];
  for (const [i, t] of topics.entries()) {
    publishBeitrag({ tenant: i % 2 ? 'ascheberg' : 'billerbeck', title: `${t} neu organisiert`, body: `Wie die Verwaltung das Thema ${t} mit einer Fachanwendung neu aufgestellt hat. ${t} betrifft viele Bürgerinnen und Bürger.` });
  }
}

describe('related Beiträge', () => {
  const body = 'Die Schulträger führen ein Mobile-Device-Management für die Tablets der Grundschulen ein, mit Ausschreibung und Supportvertrag.';
  it('are found by shared text, prefer other Kommunen and Artefakte, and show only what the reader may read', () => {
    publishOtherTopics();
    const own = publishBeitrag({ tenant: 'duelmen', title: 'Tablets und MDM an Dülmener Grundschulen', body, topics: ['schule'] });
    // The own Kommune's report matches the text a little better (it names MDM too); the preference decides.
    const sameKommune = publishBeitrag({ tenant: 'duelmen', title: 'Tablets an Grundschulen: MDM', body, topics: ['schule'] });
    const artefact = publishBeitrag({ tenant: 'coesfeld', type: 'artefakt', title: 'Tablets an Grundschulen: Leistungsverzeichnis', body, topics: ['schule'] });
    const intern = publishBeitrag({ tenant: 'senden', visibility: 'intern', title: 'Interner Senden-Bericht zu Tablets', body, topics: ['schule'] });
    const kommune = publishBeitrag({ tenant: 'olfen', visibility: 'kommune', title: 'Olfener Tablets nur für Olfen', body, topics: ['schule'] });
    const unrelated = publishBeitrag({ tenant: 'nottuln', title: 'Bürgerbus mit Rufbus-Funktion', body: 'Ein ehrenamtlicher Bürgerbus fährt auf Bestellung durch die Ortsteile.', topics: ['mobilitaet'] });
    // Nothing is computed while a page is rendered: until the refresh ran, the list is empty.
    expect(relatedFor(null, own.id)).toEqual([]);
    expect(staleDocumentIds(100)).toEqual(expect.arrayContaining([own.id, artefact.id]));
    refreshRelated();
    expect(staleDocumentIds(100)).toEqual([]);

    const anonymous = titles(relatedFor(null, own.id));
    expect(anonymous[0]).toBe(artefact.title); // another Kommune's Artefakt before the own Kommune's report
    expect(anonymous).toContain(sameKommune.title);
    expect(anonymous).not.toContain(intern.title);
    expect(anonymous).not.toContain(kommune.title);
    expect(anonymous).not.toContain(unrelated.title);
    expect(anonymous).not.toContain(own.title);

    const senden = titles(relatedFor(makeActor('senden', 'mitarbeiter').viewer, own.id));
    expect(senden).toContain(intern.title);
    expect(senden).not.toContain(kommune.title);
    const olfen = titles(relatedFor(makeActor('olfen', 'mitarbeiter').viewer, own.id));
    expect(olfen).toContain(kommune.title);
    expect(olfen.length).toBeLessThanOrEqual(5);
  });

  it('offer a Beitrag published later to the pages of the earlier ones, and drop archived ones', () => {
    const first = publishBeitrag({ tenant: 'havixbeck', title: 'Streuobstwiesen digital kartieren', body: 'Streuobstwiesen werden mit einer App kartiert und gepflegt.', topics: ['innenstadt'] });
    refreshRelated();
    const later = publishBeitrag({ tenant: 'rosendahl', title: 'Streuobstwiesen-Kataster für Rosendahl', body: 'Unser Kataster der Streuobstwiesen, kartiert mit einer App.', topics: ['innenstadt'] });
    refreshRelated();
    expect(titles(relatedFor(null, first.id))).toContain(later.title);
    archiveBeitrag(later.id);
    expect(titles(relatedFor(null, first.id))).not.toContain(later.title);
    refreshRelated();
    expect(relatedFor(null, later.id)).toEqual([]);
  });

  it('leave every page at once when one shown on several becomes intern, also a page nobody read before', () => {
    const body = 'Der Winterdienst räumt Radwege zuerst, mit Streuplan und Räumfahrzeugen des Bauhofs.';
    const [a, b, c] = ['coesfeld', 'luedinghausen', 'nordkirchen'].map((tenant, i) => publishBeitrag({ tenant, title: `Winterdienst auf Radwegen ${i + 1}`, body, topics: ['mobilitaet'] })) as [DocumentRow, DocumentRow, DocumentRow];
    refreshRelated();
    // a's page is read (its candidates, c among them, are kept); b's page was never read.
    expect(titles(relatedFor(null, a.id))).toContain(c.title);
    restrictBeitrag(c.id, 'intern');
    expect(titles(relatedFor(null, a.id))).not.toContain(c.title);
    expect(titles(relatedFor(null, b.id))).not.toContain(c.title);
    expect(titles(relatedFor(makeActor('senden', 'mitarbeiter').viewer, b.id))).toContain(c.title);
  });
});

describe('related Beiträge kept in memory', () => {
  it('follow every change of a shown Beitrag and of the lists at once, also one made by another process', async () => {
    const body = 'Die Musikschule verleiht Instrumente an Grundschulkinder, mit Leihvertrag und Versicherung.';
    const [a, b, c] = ['billerbeck', 'havixbeck', 'rosendahl'].map((tenant, i) => publishBeitrag({ tenant, title: `Instrumente verleihen ${i + 1}`, body, topics: ['schule'] })) as [DocumentRow, DocumentRow, DocumentRow];
    refreshRelated();
    // Every list and candidate is read into memory, as the server does after its start.
    await warmRelated();
    expect(titles(relatedFor(null, a.id))).toContain(c.title);

    // A title changed: the page shows the new one.
    getDb().update(documents).set({ title: 'Instrumente verleihen: Leihvertrag' }).where(eq(documents.id, c.id)).run();
    expect(titles(relatedFor(null, b.id))).toContain('Instrumente verleihen: Leihvertrag');
    await warmRelated();

    // Another process (the CLI, a second server) makes it intern: no page shows it to anonymous visitors.
    const other = new Database(databasePath());
    try {
      other.prepare("UPDATE documents SET visibility = 'intern' WHERE id = ?").run(c.id);
    } finally {
      other.close();
    }
    expect(titles(relatedFor(null, a.id))).not.toContain('Instrumente verleihen: Leihvertrag');
    expect(titles(relatedFor(null, b.id))).not.toContain('Instrumente verleihen: Leihvertrag');
    expect(titles(relatedFor(makeActor('senden', 'mitarbeiter').viewer, b.id))).toContain('Instrumente verleihen: Leihvertrag');
    await warmRelated();

    // A Beitrag published later enters the kept lists once they are computed again.
    const later = publishBeitrag({ tenant: 'olfen', title: 'Instrumente verleihen in Olfen', body, topics: ['schule'] });
    await warmRelated();
    expect(titles(relatedFor(null, a.id))).not.toContain(later.title);
    refreshRelated();
    expect(titles(relatedFor(null, a.id))).toContain(later.title);
    archiveBeitrag(later.id);
    expect(titles(relatedFor(null, a.id))).not.toContain(later.title);
  });
});

describe('word frequencies of the related text index', () => {
  it('are kept while the index hardly changes and counted again once it grew by more than 5 %', () => {
    const word = 'quorxelplan';
    const publishWith = (n: number) => {
      for (let i = 0; i < n; i++) publishBeitrag({ tenant: 'havixbeck', title: `Bericht ${word} ${i}`, body: `Der ${word} wurde im Rathaus vorgestellt.` });
      refreshRelated();
    };
    publishWith(40);
    const indexed = indexedCount();
    expect(documentFrequencies([word], indexed).get(word)).toBe(40);
    // One more Beitrag with the word among 40: the count of before is kept (2.5 % drift) …
    publishWith(1);
    expect(documentFrequencies([word], indexedCount()).get(word)).toBe(40);
    // … and counted again after more than 5 %.
    publishWith(3);
    expect(documentFrequencies([word], indexedCount()).get(word)).toBe(44);
    expect(documentFrequencies(['wortdasnirgendsvorkommt'], indexedCount()).has('wortdasnirgendsvorkommt')).toBe(false);
  });

  it('show the five best readable ones, however many better-scored ones the reader may not read', () => {
    const own = publishBeitrag({ tenant: 'nordkirchen', title: 'Schulhofbegrünung in Nordkirchen', body: 'Ein Schulhof wird entsiegelt und begrünt.' });
    // Forty candidates as compute.ts keeps them: the twelve best are intern or archived, then readable ones.
    const hidden = Array.from({ length: 12 }, (_, i) => (i % 3 === 2 ? archived(i) : publishBeitrag({ tenant: 'senden', visibility: 'intern', title: `Intern ${i}`, body: 'Schulhof.' })));
    const open = Array.from({ length: 28 }, (_, i) => publishBeitrag({ tenant: 'olfen', title: `Offen ${i}`, body: 'Schulhof.' }));
    getDb().delete(relatedDocuments).run();
    const rows = [...hidden.map((d, i) => ({ relatedId: d.id, score: 1000 - i })), ...open.map((d, i) => ({ relatedId: d.id, score: 500 - i }))];
    getDb().insert(relatedDocuments).values(rows.map((r) => ({ documentId: own.id, ...r }))).run();
    rankRelated(own.id);
    expect(titles(relatedFor(null, own.id))).toEqual(['Offen 0', 'Offen 1', 'Offen 2', 'Offen 3', 'Offen 4']);
    // Staff of Senden read the intern ones, best first; the archived ones stay out.
    expect(titles(relatedFor(makeActor('senden', 'mitarbeiter').viewer, own.id))).toEqual(['Intern 0', 'Intern 1', 'Intern 3', 'Intern 4', 'Intern 6']);
  });

  it('keep each list best first in the one row the page reads, also where a new Beitrag entered other lists', () => {
    const mensa = (tenant: string, title: string) =>
      publishBeitrag({ tenant, title, body: 'Die Mensa der Grundschule rechnet das Essensgeld digital ab, mit Chipkarte und Elternportal.', tags: ['Mensa'] });
    const early = Array.from({ length: 6 }, (_, i) => mensa(i % 2 ? 'luedinghausen' : 'rosendahl', `Mensa-Abrechnung digital ${i}`));
    refreshRelated();
    const late = mensa('senden', 'Essensgeld der Mensa digital abrechnen');
    refreshRelated();
    const sqlite = getDb().$client;
    let entered = 0;
    for (const id of [...early.map((d) => d.id), late.id]) {
      const ranked = sqlite.prepare('SELECT ranked FROM related_stamps WHERE document_id = ?').pluck().get(id) as string | null;
      const rows = sqlite.prepare('SELECT related_id FROM related_documents WHERE document_id = ? ORDER BY score DESC, related_id DESC').pluck().all(id) as number[];
      expect(ranked === null ? [] : ranked.split(' ').map(Number), `list of Beitrag ${id}`).toEqual(rows);
      if (id !== late.id && rows.includes(late.id)) entered++;
    }
    expect(entered).toBeGreaterThan(2);
  });

  function archived(i: number) {
    const d = publishBeitrag({ tenant: 'senden', title: `Archiviert ${i}`, body: 'Schulhof.' });
    archiveBeitrag(d.id);
    return d;
  }
});
