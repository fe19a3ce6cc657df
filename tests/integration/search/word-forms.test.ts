import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../../src/lib/search/build';
import { writePointer } from '../../../src/lib/search/layout';
import { getConfig } from '../../../src/lib/config';
import { openSearch, type SearchSession } from '../../fixtures/search-client';
import { publishBeitrag, type TestBeitrag } from '../../fixtures/beitraege';

// Beiträge written for these tests: each names a group of people in one form only — masculine,
// feminine, or with a gender colon or star — and no other Beitrag here names that group; two
// more hold a compound written with a hyphen and compounds whose last part forms its plural with -se.
const DOCS = {
  kitaplatz: { title: 'Vergabe der Betreuungsplätze', summary: 'Ein Verfahren für alle Träger.', body: 'Jeder Kita-Platz wird über ein gemeinsames Portal vergeben.' },
  schulbus: { title: 'Fahrplanwechsel zum Schuljahr', summary: 'Neue Linien ab August.', body: 'Der Schulbusverkehr startet um 7:15 Uhr.' },
  schulbusse: { title: 'Neue Fahrzeuge für den Fahrdienst', summary: 'Ersatz nach zwölf Jahren.', body: 'Zwei neue Schulbusse fahren ab den Herbstferien.' },
  lehrer: { title: 'Offene Sprechstunde in der Grundschule', summary: 'Jeden Dienstag ab 15 Uhr.', body: 'Die Lehrer der Grundschule beantworten Fragen der Eltern ohne Termin.' },
  schueler: { title: 'Ein neuer Schulhof', summary: 'Gestaltet mit Beteiligung.', body: 'Die Schüler:innen haben den Schulhof in drei Workshops mitgeplant.' },
  sachbearbeitung: { title: 'Anträge schneller bearbeitet', summary: 'Ein Vier-Augen-Prinzip mit festen Fristen.', body: 'Zwei Sachbearbeiterinnen prüfen jeden Antrag innerhalb einer Woche.' },
  anwaeltin: { title: 'Rechtsberatung für Vereine', summary: 'Kostenlos im Rathaus.', body: 'Eine Anwältin berät einmal im Monat ehrenamtliche Vorstände.' },
  nutzer: { title: 'Umfrage zum Serviceportal', summary: 'Ergebnisse aus dem Frühjahr.', body: 'Die Nutzer*innen wünschen sich eine einfachere Anmeldung.' },
} satisfies Record<string, TestBeitrag>;

let session: SearchSession;
const url = {} as Record<keyof typeof DOCS, string>;

beforeAll(async () => {
  for (const [key, d] of Object.entries(DOCS)) url[key as keyof typeof DOCS] = `/duelmen/beitraege/${publishBeitrag(d).slug}`;
  writePointer((await runBuild('full')).pointer!);
  session = await openSearch(getConfig().dataDir, ['public']);
}, 120_000);
afterAll(async () => {
  await session?.close();
});

const urls = async (term: string) => (await session.search(term)).map((h) => h.url).filter((u) => u.startsWith('/duelmen/'));

describe('feminine and masculine forms of nouns of persons', () => {
  it('finds a Beitrag that says "Lehrer" for "Lehrerinnen" and "Lehrerin", as "Lehrer" does', async () => {
    const masculine = await urls('Lehrer');
    expect(masculine[0]).toBe(url.lehrer);
    expect(await urls('Lehrerinnen')).toEqual(masculine);
    expect(await urls('Lehrerin')).toEqual(masculine);
  });

  it('finds "Schüler:innen" and "Nutzer*innen" for the feminine singular and plural and the masculine form', async () => {
    for (const q of ['Schülerin', 'Schülerinnen', 'Schüler']) expect((await urls(q))[0], q).toBe(url.schueler);
    for (const q of ['Nutzerin', 'Nutzerinnen', 'Nutzer', 'Nutzer*innen']) expect((await urls(q))[0], q).toBe(url.nutzer);
  });

  it('finds a feminine compound by its masculine form and by the masculine form of its last part', async () => {
    expect(await urls('Sachbearbeiter')).toEqual([url.sachbearbeitung]);
    expect(await urls('Bearbeiter')).toEqual([url.sachbearbeitung]);
    expect(await urls('Sachbearbeiterin')).toEqual([url.sachbearbeitung]);
  });

  it('finds a feminine form with an umlaut by the masculine form without it ("Anwalt" → "Anwältin")', async () => {
    expect(await urls('Anwalt')).toEqual([url.anwaeltin]);
  });

  it('does not take a word that only ends like a feminine form for one ("Termin" is no female "Term")', async () => {
    expect(await urls('Termin')).toEqual([url.lehrer]);
  });
});

describe('compounds written apart or inflected differently', () => {
  it('finds "Kita-Platz" for "Kita-Plätze" and "Kitaplätze" (a query compound with hyphens is its parts)', async () => {
    expect(await urls('Kita-Plätze')).toEqual([url.kitaplatz]);
    expect(await urls('Kitaplätze')).toEqual([url.kitaplatz]);
  });

  it('finds "Schulbusverkehr" for "Schulbusse" (a plural that doubles the s, a first part that drops its e)', async () => {
    expect(await urls('Schulbusse')).toContain(url.schulbus);
  });

  it('finds "Schulbusse" for "Bus" and "Busse" (the part of a plural that doubles the s is indexed in its base form)', async () => {
    expect(await urls('Bus')).toEqual(expect.arrayContaining([url.schulbusse, url.schulbus]));
    expect(await urls('Busse')).toEqual(expect.arrayContaining([url.schulbusse, url.schulbus]));
  });
});
