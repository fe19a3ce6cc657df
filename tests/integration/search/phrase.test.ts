import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConfig } from '../../../src/lib/config';
import { runBuild } from '../../../src/lib/search/build';
import { COMMON_POSITIONS, POSITIONS_PER_PAGE } from '../../../src/lib/search/compact';
import { writePointer } from '../../../src/lib/search/layout';
import { KEPT_POSITIONS } from '../../../src/scripts/search/run';
import { openSearch, type SearchSession } from '../../fixtures/search-client';
import { publishBeitrag } from '../../fixtures/beitraege';

// In a large hub the compaction keeps only a few positions per page of a very frequent word
// (compact.ts). A phrase with such a word must still be found where the word's position there
// was dropped, also when pagefind's own phrase search finds the phrase in another Beitrag.
const COMMON = 'Rathausfenster';
const FILLERS = 6;
const REPEAT = Math.ceil(COMMON_POSITIONS / FILLERS) + 50;
const PHRASE = 'Sitzbank vor dem Rathausfenster';

let session: SearchSession;
const url: Record<string, string> = {};
const path = (title: string, summary: string, body: string) => `/duelmen/beitraege/${publishBeitrag({ title, summary, body }).slug}`;

beforeAll(async () => {
  for (let i = 0; i < FILLERS; i++) path(`Fensterbericht ${i + 1}`, 'Ein Bericht über Fenster.', Array.from({ length: REPEAT }, (_, k) => `${COMMON} ${k}.`).join(' '));
  url['early'] = path('Neue Bänke am Markt', 'Was der Bauhof erneuert hat.', `Die ${PHRASE} wurde erneuert. Sie ist aus Eiche.`);
  // The phrase after more occurrences of the word than the compaction keeps of it per page.
  const before = Array.from({ length: POSITIONS_PER_PAGE + 6 }, (_, k) => `Das ${COMMON} Nummer ${k + 1} wurde geputzt.`).join(' ');
  url['late'] = path('Frühjahrsputz im Rathaus', 'Fenster, Türen und Bänke.', `${before} Zum Schluss kam die ${PHRASE} an die Reihe.`);
  // Both words, far apart and in the other order: not the phrase.
  url['apart'] = path('Möbel im Ratssaal', 'Eine Bestandsaufnahme.', `Am ${COMMON} hängt ein Vorhang. ${'Die Tische sind aus Buche und werden geölt. '.repeat(12)} Im Flur steht eine Sitzbank vor dem Aufzug.`);
  writePointer((await runBuild('full')).pointer!);
  session = await openSearch(getConfig().dataDir, ['public']);
});
afterAll(async () => {
  await session?.close();
});

describe('a phrase with a word whose positions the compaction capped', () => {
  it('is checked knowing how many positions the compaction keeps', () => {
    expect(KEPT_POSITIONS).toBe(POSITIONS_PER_PAGE);
  });

  it('finds every Beitrag that has the phrase, and none that only has its words', async () => {
    const hits = (await session.search(`"${PHRASE}"`, {}, 100)).map((h) => h.url);
    expect(hits.sort()).toEqual([url['early'], url['late']].sort());
  });

  it('finds it beside another word, which must also be there', async () => {
    expect((await session.search(`Frühjahrsputz "${PHRASE}"`, {}, 100)).map((h) => h.url)).toEqual([url['late']]);
  });
});
