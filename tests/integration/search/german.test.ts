import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../../src/lib/search/build';
import { writePointer } from '../../../src/lib/search/layout';
import { getConfig } from '../../../src/lib/config';
import { openSearch, type SearchSession } from '../../fixtures/search-client';
import { publishBeitrag } from '../../fixtures/beitraege';

let session: SearchSession;
const url: Record<string, string> = {};

beforeAll(async () => {
  const docs = {
    schulsozialarbeit: { title: 'Beratung an Grundschulen', body: 'Die Schulsozialarbeit begleitet Kinder und Eltern. Für die Schulsozialarbeit gibt es feste Sprechzeiten.' },
    fahrzeuge: { title: 'Pool für den Fuhrpark', body: 'Unsere Dienstfahrzeuge werden über einen Kalender gebucht.' },
    antraege: { title: 'Wohngeld digital', body: 'Die Anträge kommen inzwischen überwiegend online.' },
    schulen: { title: 'Ausstattung im Stadtgebiet', body: 'Alle Schulen bekommen neue Präsentationstechnik.' },
    strasse: { title: 'Straßenfest in der Ortsmitte', body: 'Die Größe des Straßenfests hat uns überrascht; die Genehmigung lief über das Ordnungsamt.' },
    ogs: { title: 'Anmeldung im Ganztag', body: 'Die Anmeldung zur OGS erfolgt jetzt über ein Formular.' },
    ganztag: { title: 'Betreuung am Nachmittag', body: 'Die Offene Ganztagsschule in Olfen hat ihre Plätze erweitert.' },
  };
  for (const [key, d] of Object.entries(docs)) url[key] = `/duelmen/beitraege/${publishBeitrag(d).slug}`;
  const outcome = await runBuild('full');
  writePointer(outcome.pointer!);
  session = await openSearch(getConfig().dataDir, ['public']);
});
afterAll(async () => {
  await session?.close();
});

const urls = async (term: string) => (await session.search(term)).map((h) => h.url);

describe('German search', () => {
  it('finds "Schulsozialarbeit" for "Sozialarbeit" and highlights the compound in the excerpt', async () => {
    const hits = await session.search('Sozialarbeit');
    const hit = hits.find((h) => h.url === url['schulsozialarbeit']);
    expect(hit?.excerpt).toContain('[Schulsozialarbeit]');
    expect(hit?.excerpt).not.toContain('__');
    expect(hits.map((h) => h.url)).not.toContain(url['schulen']);
  });

  it('finds "Dienstfahrzeuge" for "Fahrzeug"', async () => {
    expect(await urls('Fahrzeug')).toContain(url['fahrzeuge']);
  });

  it('finds inflected forms: "Antrag" finds "Anträge", "Schule" finds "Schulen"', async () => {
    expect(await urls('Antrag')).toContain(url['antraege']);
    expect(await urls('Schule')).toContain(url['schulen']);
  });

  it('handles umlauts and ß in queries and keeps them in excerpts', async () => {
    const hits = await session.search('Straßenfest');
    expect(hits.map((h) => h.url)).toContain(url['strasse']);
    expect(await urls('strassenfest')).toContain(url['strasse']);
    expect(await urls('Größe')).toContain(url['strasse']);
    const excerpt = hits.find((h) => h.url === url['strasse'])?.excerpt ?? '';
    expect(excerpt).toContain('[Straßenfest]');
    expect(excerpt).toContain('Größe');
  });

  it('applies synonyms from content/suche/synonyme.yml in both directions (OGS = Offene Ganztagsschule)', async () => {
    expect(await urls('OGS')).toEqual(expect.arrayContaining([url['ogs'], url['ganztag']]));
    expect(await urls('Offene Ganztagsschule')).toEqual(expect.arrayContaining([url['ogs'], url['ganztag']]));
  });
});
