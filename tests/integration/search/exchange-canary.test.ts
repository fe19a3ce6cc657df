import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConfig } from '../../../src/lib/config';
import { resolveItem } from '../../../src/lib/exchange/items';
import { hideItem } from '../../../src/lib/exchange/moderation';
import { getQuestion, setQuestionVisibility } from '../../../src/lib/exchange/questions';
import { getSearchStatus, rebuildSearchIndex, requestReindex, startSearchIndexing, stopSearchIndexing } from '../../../src/lib/search/scheduler';
import { openSearch } from '../../fixtures/search-client';
import { publishBeitrag } from '../../fixtures/beitraege';
import { answer, ask, comment, person } from '../exchange/helpers';

// A canary word per kind and visibility: it must reach exactly the indexes whose readers may
// read the item, and leave them when the item is hidden.

async function find(term: string, audiences: string[]): Promise<string[]> {
  const session = await openSearch(getConfig().dataDir, audiences);
  try {
    return (await session.search(term)).map((h) => h.url);
  } finally {
    await session.close();
  }
}

async function settled(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const idle = () => getSearchStatus().running.length === 0 && !getSearchStatus().pending;
    if (idle()) {
      await new Promise((r) => setTimeout(r, 500));
      if (idle()) return;
    }
  }
  throw new Error('search builds did not settle');
}

// Builds run in a worker process; on a loaded two-core machine the first one takes a while.
beforeAll(async () => {
  startSearchIndexing();
  await settled();
}, 120_000);
afterAll(async () => {
  await stopSearchIndexing();
  await settled();
}, 120_000);

const PUBLIC = ['public'];
const SENDEN = ['public', 'intern', 'kommune-senden'];
const DUELMEN = ['public', 'intern', 'kommune-duelmen'];

describe('questions, answers and comments in the search indexes', () => {
  const ids: Record<string, string> = {};
  it('go into the index their visibility names, each kind with its own canary', { timeout: 120_000 }, async () => {
    const asker = person('duelmen', 'mitarbeiter');
    const helper = person('duelmen', 'redakteur');
    const qi = ask(asker, { title: 'Frage zum Kanarienwortfrageintern?', body: 'Wer kennt kanarienfrageintern?', visibility: 'intern' });
    const qk = ask(asker, { title: 'Frage zum Kanarienwortfragekommune?', body: 'Wer kennt kanarienfragekommune?', visibility: 'kommune' });
    const ai = answer(helper, qi, 'Wir kennen kanarienantwortintern.');
    const ak = answer(helper, qk, 'Wir kennen kanarienantwortkommune.');
    const publicDoc = publishBeitrag({ tenant: 'duelmen', title: 'Öffentlicher Beitrag mit Kommentar', body: 'Text.' });
    const kommuneDoc = publishBeitrag({ tenant: 'duelmen', title: 'Dülmener Beitrag mit Kommentar', body: 'Text.', visibility: 'kommune' });
    const ci = comment(helper, publicDoc, 'Ein kanarienkommentaroeffentlich zu einem öffentlichen Beitrag.');
    const ck = comment(helper, kommuneDoc, 'Ein kanarienkommentarkommune.');
    Object.assign(ids, { qi: `/fragen/${qi.id}`, qk: `/fragen/${qk.id}`, ai: `/fragen/${qi.id}#antwort-${ai.id}`, ak: `/fragen/${qk.id}#antwort-${ak.id}` });
    ids['ci'] = `/duelmen/beitraege/${publicDoc.slug}#kommentar-${ci.id}`;
    ids['ck'] = `/duelmen/beitraege/${kommuneDoc.slug}#kommentar-${ck.id}`;
    ids['aiId'] = String(ai.id);
    ids['ciId'] = String(ci.id);
    ids['qkId'] = String(qk.id);
    expect((await rebuildSearchIndex('canary')).ok).toBe(true);

    const cases: [string, string, string[][], string[][]][] = [
      ['kanarienfrageintern', ids['qi']!, [SENDEN, DUELMEN], [PUBLIC]],
      ['kanarienfragekommune', ids['qk']!, [DUELMEN], [PUBLIC, SENDEN]],
      ['kanarienantwortintern', ids['ai']!, [SENDEN, DUELMEN], [PUBLIC]],
      ['kanarienantwortkommune', ids['ak']!, [DUELMEN], [PUBLIC, SENDEN]],
      // A comment on a public Beitrag is for signed-in staff only: intern, never public.
      ['kanarienkommentaroeffentlich', ids['ci']!, [SENDEN, DUELMEN], [PUBLIC]],
      ['kanarienkommentarkommune', ids['ck']!, [DUELMEN], [PUBLIC, SENDEN]],
    ];
    for (const [word, url, finders, blind] of cases) {
      for (const audiences of finders) expect(await find(word, audiences), `${word} for ${audiences.join('+')}`).toEqual([url]);
      for (const audiences of blind) expect(await find(word, audiences), `${word} for ${audiences.join('+')}`).toEqual([]);
    }
  });

  it('lose hidden answers and comments and follow a question made public', { timeout: 120_000 }, async () => {
    const admin = person('duelmen', 'admin');
    hideItem(admin, resolveItem('antwort', Number(ids['aiId']))!, 'Test', '192.0.2.1');
    hideItem(admin, resolveItem('kommentar', Number(ids['ciId']))!, 'Test', '192.0.2.1');
    setQuestionVisibility(admin, getQuestion(Number(ids['qkId']))!, 'oeffentlich', '192.0.2.1');
    requestReindex('canary hide');
    await settled();
    expect(await find('kanarienantwortintern', SENDEN)).toEqual([]);
    expect(await find('kanarienkommentaroeffentlich', DUELMEN)).toEqual([]);
    expect(await find('kanarienfragekommune', PUBLIC)).toEqual([ids['qk']]);
    // Its answer follows the question's visibility.
    expect(await find('kanarienantwortkommune', PUBLIC)).toEqual([ids['ak']]);
  });
});
