import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getConfig } from '../../../src/lib/config';
import { getDb } from '../../../src/lib/db/client';
import { runBuild } from '../../../src/lib/search/build';
import { writePointer } from '../../../src/lib/search/layout';
import { openSearch, type SearchSession } from '../../fixtures/search-client';
import { publishBeitrag } from '../../fixtures/beitraege';

// Two Beiträge about a subject (the word in title, tags and summary) among 2,000 long
// Beiträge that mention the same words in passing, several times each.
const DISTRACTORS = 2000;
// Removing a hub of 2,000 indexed Beiträge after the tests takes a while on a busy machine.
vi.setConfig({ hookTimeout: 120_000 });

/** A deterministic sequence, so every run indexes the same hub. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const SUBJECTS = ['Die Fachanwendung', 'Das Serviceportal', 'Der Rahmenvertrag', 'Die Projektgruppe', 'Der Haushaltsplan', 'Die Lernplattform', 'Das Ratsinformationssystem', 'Die Vergabestelle', 'Der Breitbandausbau', 'Die Geräteverwaltung', 'Das Bürgerbüro', 'Die Wirtschaftsförderung'];
const ACTIONS = ['wurde im zweiten Jahr erweitert', 'lief nach einer Pilotphase stabil', 'wurde mit dem Personalrat abgestimmt', 'brauchte mehr Zeit als geplant', 'wurde gemeinsam mit dem Kreis ausgeschrieben', 'ist inzwischen in allen Fachbereichen eingeführt', 'wird jährlich ausgewertet'];
const IN_PASSING = [
  'Die Betreuung der Geräte übernimmt ein Dienstleister, die Schulen melden Störungen über ein Formular.',
  'Für die Betreuung der Nutzerinnen und Nutzer gibt es eine Sprechstunde; auch Schulen fragen dort nach.',
  'Rückfragen der Schulen und die Betreuung der Konten liegen beim Support.',
];

function distractorBody(rnd: () => number): string {
  const sentences: string[] = [];
  for (let i = 0; i < 40; i++) {
    sentences.push(`${SUBJECTS[Math.floor(rnd() * SUBJECTS.length)]} ${ACTIONS[Math.floor(rnd() * ACTIONS.length)]}.`);
    if (i % 9 === 5) sentences.push(IN_PASSING[Math.floor(rnd() * IN_PASSING.length)]!);
  }
  return sentences.join(' ');
}

let session: SearchSession;
let betreuung = '';
let schulen = '';

beforeAll(async () => {
  const rnd = prng(12);
  getDb().transaction(() => {
    for (let i = 0; i < DISTRACTORS; i++) {
      publishBeitrag({
        title: `${SUBJECTS[i % SUBJECTS.length]!.replace(/^\S+ /, '')} ${i}: Erfahrungen aus dem Alltag`,
        summary: i % 10 === 0 ? 'Ein Bericht aus dem Alltag, auch zur Betreuung der Schulen.' : 'Ein Bericht aus dem Alltag der Verwaltung.',
        // Like real Beiträge about schools and social services: their Themenfelder must not decide.
        topics: i % 2 === 0 ? ['schule', 'soziales'] : ['bildung', 'verwaltung'],
        body: distractorBody(rnd),
      });
    }
  });
  betreuung = `/duelmen/beitraege/${publishBeitrag({ topics: ['schule', 'soziales'], title: 'Betreuung am Nachmittag', summary: 'Wie wir die Plätze in der offenen Ganztagsschule verdoppelt haben.', tags: ['Betreuung', 'Ganztag'], body: 'Die Nachfrage der Eltern stieg. Wir haben Räume umgebaut, Personal eingestellt und die Betreuung bis 16 Uhr verlässlich gemacht.' }).slug}`;
  schulen = `/duelmen/beitraege/${publishBeitrag({ topics: ['schule'], title: 'WLAN in allen Schulen', summary: 'Ausleuchtung, Ausschreibung und Betrieb des WLAN in zwölf Schulen.', tags: ['Schulen', 'WLAN'], body: 'Nach der Ausleuchtung wurden Access Points ausgeschrieben. Der Betrieb läuft über den Schulträger.' }).slug}`;
  writePointer((await runBuild('full')).pointer!);
  session = await openSearch(getConfig().dataDir, ['public']);
}, 600_000);
afterAll(async () => {
  await session?.close();
});

describe('ranking in a large hub', () => {
  it('keeps a Beitrag with the word in its title in the top 3 among 2,000 Beiträge that mention it in passing', async () => {
    const hits = (await session.search('Betreuung', {}, 10)).map((h) => h.url);
    expect(hits.slice(0, 3)).toContain(betreuung);
    const school = (await session.search('Schulen', {}, 10)).map((h) => h.url);
    expect(school.slice(0, 3)).toContain(schulen);
  });
});
