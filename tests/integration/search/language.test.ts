import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../../src/lib/search/build';
import { writePointer } from '../../../src/lib/search/layout';
import { getConfig } from '../../../src/lib/config';
import { openSearch, type SearchSession } from '../../fixtures/search-client';
import { publishBeitrag, type TestBeitrag } from '../../fixtures/beitraege';

// Beiträge written for these tests. Each class of the search's language work has its own
// words, so that no other Beitrag here decides a result by accident.
const DOCS = {
  gebuehren: { title: 'Neue Satzung für die Abwasserentsorgung', summary: 'Wie die Kämmerei die Umstellung vorbereitet hat.', body: 'Jeder Gebührenbescheid wird seit diesem Jahr digital zugestellt. Rückfragen beantwortet die Kämmerei.' },
  laden: { title: 'Elektromobilität im Fuhrpark', summary: 'Erste Erfahrungen mit elektrischen Dienstwagen.', body: 'Am Rathaus steht jetzt eine Ladestation mit zwei Anschlüssen.' },
  vergabe: { title: 'Erfahrungen mit dem Vergaberecht', summary: 'Was wir bei der Ausschreibung gelernt haben.', body: 'Das Vergabeverfahren für die Gebäudereinigung dauerte vier Monate.' },
  verkehr: { title: 'Konzept für den Verkehr in der Innenstadt', summary: 'Eine Befragung zu Radwegen und Parkplätzen.', body: 'Wir haben Bürgerinnen und Bürger zu Radwegen und Parkplätzen befragt.' },
  krankenhaus: { title: 'Impfaktion im Krankenhaus', summary: 'Termine für Beschäftigte am Ort.', body: 'Gemeinsam mit dem Krankenhaus am Ort haben wir Termine für Beschäftigte angeboten.' },
  abfall: { title: 'Weniger Abfall im Rathaus', summary: 'Trennung in allen Büros.', body: 'Seit dem Frühjahr trennen alle Büros ihren Abfall in vier Behälter.' },
  muell: { title: 'Sauberkeit in den Grünanlagen', summary: 'Ehrenamtliche helfen mit.', body: 'Ehrenamtliche sammeln einmal im Monat Müll in den Parks.' },
  stadt: { title: 'Wettbewerb für Schulhöfe', summary: 'Ideen von Kindern gesucht.', body: 'Die Stadt hat einen Wettbewerb für die Gestaltung von Schulhöfen ausgeschrieben.' },
  // A Beitrag of the Stadt Dülmen, Themenfeld Verwaltung, that says neither word.
  ohneStadt: { title: 'Neue Öffnungszeiten im Bürgerbüro', summary: 'Länger geöffnet am Donnerstag.', body: 'Das Bürgerbüro ist donnerstags bis 18 Uhr geöffnet.' },
  ki: { title: 'Künstliche Intelligenz für häufige Fragen', summary: 'Ein Versuch mit Antworten am Telefon.', body: 'Wir testen KI in der Verwaltung für Antworten auf häufige Fragen.' },
  kinder: { title: 'Schwimmkurse im Sommer', summary: 'Angebote für Familien.', body: 'Die Kita bietet Kurse für Kinder an, die schwimmen lernen möchten.' },
  phrase: { title: 'Abstimmung mit dem Kreis', summary: 'Wie lange die Beteiligung dauerte.', body: 'Die Abstimmung mit dem Kreis dauerte zwei Wochen.' },
  phraseAnders: { title: 'Beteiligung der Nachbarkommunen', summary: 'Ein gemeinsamer Termin.', body: 'Der Kreis lud ein; die Abstimmung unter den Kommunen folgte später.' },
  // A noun the dictionary derives ("Versorgung" from "versorgen"), and a part with a thesaurus synonym ("Rechner" ~ "Computer").
  waerme: { title: 'Wärmeversorgung im Neubaugebiet', summary: 'Ein Nahwärmenetz für hundert Häuser.', body: 'Die Wärmeversorgung übernimmt ein Blockheizkraftwerk am Rand des Gebiets.' },
  rechner: { title: 'Neue Arbeitsplatzrechner im Rathaus', summary: 'Austausch nach fünf Jahren.', body: 'Alle Arbeitsplatzrechner wurden in einer Woche getauscht.' },
  // A last part the hub has ("Stadion"), and two words that begin alike ("Beschaffungs…").
  stadion: { title: 'Sanierung des Stadions', summary: 'Die Laufbahn wird erneuert.', body: 'Das Stadion bekommt eine neue Laufbahn und Flutlicht.' },
  richtlinie: { title: 'Beschaffungsrichtlinie überarbeitet', summary: 'Neue Wertgrenzen ab Januar.', body: 'Die Beschaffungsrichtlinie gilt für alle Fachbereiche.' },
  beschaffungsamt: { title: 'Das Beschaffungsamt zieht um', summary: 'Neue Räume im Erdgeschoss.', body: 'Das Beschaffungsamt ist ab Mai im Erdgeschoss.' },
  // Another Kommune's Beitrag on the subject of "laden".
  ladenSenden: { tenant: 'senden', title: 'Ladestation am Bürgerhaus', summary: 'Zwei Anschlüsse für Dienstwagen.', body: 'Die Ladestation am Bürgerhaus ist seit März in Betrieb.' },
  // A Kommune's Beitrag that never names its Kommune, and three of other Kommunen that name it and the subject in passing.
  busNottuln: { tenant: 'nottuln', title: 'Bürgerbus für die Bauerschaften', summary: 'Ehrenamtliche fahren nach Fahrplan.', body: 'Der Bürgerbus fährt an Werktagen dreimal in jede Bauerschaft.' },
  busOlfen: { tenant: 'olfen', title: 'Sommerfahrplan', summary: 'Was sich im Juli ändert.', body: 'Wie in Nottuln gibt es auch bei uns einen Bürgerbus; im Juli fährt er seltener.' },
  busHavixbeck: { tenant: 'havixbeck', title: 'Ehrenamt im Verkehr', summary: 'Wer bei uns fährt.', body: 'Unsere Fahrer haben sich den Bürgerbus in Nottuln angesehen, bevor wir begonnen haben.' },
  busBillerbeck: { tenant: 'billerbeck', title: 'Haltestellen barrierefrei', summary: 'Zwölf Haltestellen umgebaut.', body: 'Auch der Bürgerbus hält dort; die Linie nach Nottuln folgt im Herbst.' },
} satisfies Record<string, TestBeitrag>;

let session: SearchSession;
const url = {} as Record<keyof typeof DOCS, string>;

beforeAll(async () => {
  for (const [key, d] of Object.entries(DOCS)) url[key as keyof typeof DOCS] = `/${'tenant' in d ? d.tenant : 'duelmen'}/beitraege/${publishBeitrag(d).slug}`;
  writePointer((await runBuild('full')).pointer!);
  session = await openSearch(getConfig().dataDir, ['public']);
}, 120_000);
afterAll(async () => {
  await session?.close();
});

/** The Beiträge found, best first (the hub's static pages, Hilfe and Über, are not part of these tests). */
const urls = async (term: string) => (await session.search(term)).map((h) => h.url).filter((u) => u.startsWith('/duelmen/'));

describe('compound words', () => {
  it('finds a compound by a part that no text of the hub holds on its own ("Bescheid" → "Gebührenbescheid")', async () => {
    expect(await urls('Bescheid')).toEqual([url.gebuehren]);
    expect(await urls('Station')).toEqual([url.laden]);
    expect(await urls('Recht')).toContain(url.vergabe);
  });

  it('shows the Beiträge with the last part of a compound no Beitrag has ("Kinderstadion" → "Stadion")', async () => {
    // "Kinder" and "Stadion" stand in different Beiträge: none has both, the one with the Stadion answers.
    expect(await urls('Kinderstadion')).toEqual([url.stadion]);
  });

  it('splits a query word that the hub holds only in parts, with a linking s ("Verkehrskonzept")', async () => {
    // No Beitrag (nor the Hilfe page, which quotes the word as an example) has the compound.
    // Not "Beschaffungsrichtlinie" either: it has "Konzept" only as a thesaurus synonym of "Linie".
    expect(await urls('Verkehrskonzept')).toEqual([url.verkehr]);
    expect(await urls('Verkehrskonzepte')).toEqual([url.verkehr]);
  });
});

describe('compound parts the dictionary knows only through its rules or the thesaurus', () => {
  it('finds "Wärmeversorgung" for "Versorgung" (the dictionary holds only "Versorgungs" as a first part)', async () => {
    expect(await urls('Versorgung')).toEqual([url.waerme]);
  });

  it('finds "Arbeitsplatzrechner" for "Computer" (a synonym of its part)', async () => {
    expect(await urls('Computer')).toEqual([url.rechner]);
  });
});

describe('synonyms from OpenThesaurus', () => {
  it('finds "Krankenhaus" for "Klinik"', async () => {
    expect(await urls('Klinik')).toEqual([url.krankenhaus]);
  });

  it('finds "Müll" and "Abfall" both ways, the Beitrag with the word itself first', async () => {
    // (Then "Abwasserentsorgung", whose part "Entsorgung" has "Abfallbeseitigung" among its synonyms.)
    expect((await urls('Abfall')).slice(0, 2)).toEqual([url.abfall, url.muell]);
    expect((await urls('Müll')).slice(0, 2)).toEqual([url.muell, url.abfall]);
  });
});

describe('spelling', () => {
  it('offers "Meinten Sie: Vergabeverfahren?" for "Vergabeverfahrn"', async () => {
    const { hits, suggestion, ranSuggestion } = await session.query('Vergabeverfahrn');
    expect(suggestion).toBe('Vergabeverfahren');
    expect(ranSuggestion).toBe(false);
    expect(hits.map((h) => h.url)).toEqual([url.vergabe]);
  });

  it('runs the suggestion when a typo only matches words that begin alike ("Beschaffungsrichtlinei")', async () => {
    const { hits, suggestion, ranSuggestion } = await session.query('Beschaffungsrichtlinei');
    expect(suggestion).toBe('Beschaffungsrichtlinie');
    expect(ranSuggestion).toBe(true);
    expect(hits.map((h) => h.url)).toEqual([url.richtlinie]);
  });

  it('runs the suggestion when a query finds nothing ("Schwimkurse" → "Schwimmkurse") and says so', async () => {
    const { hits, suggestion, ranSuggestion } = await session.query('Schwimkurse');
    expect(suggestion).toBe('Schwimmkurse');
    expect(ranSuggestion).toBe(true);
    expect(hits.map((h) => h.url)).toEqual([url.kinder]);
  });

  it('reads ue as ü: "Buergerbuero" leads to "Bürgerbüro"', async () => {
    const { hits, suggestion } = await session.query('Buergerbuero');
    expect(suggestion).toBe('Bürgerbüro');
    expect(hits.map((h) => h.url)).toEqual([url.ohneStadt]);
  });

  it('offers nothing for a word the hub holds', async () => {
    expect((await session.query('Vergabeverfahren')).suggestion).toBeNull();
  });
});

describe('stopwords and metadata', () => {
  it('does not let function words decide: "der Stadt" finds the Beitrag that says "Die Stadt"', async () => {
    const found = await urls('der Stadt');
    expect(found).toContain(url.stadt);
    expect(found).toEqual(await urls('Stadt'));
  });

  it('keeps the Kommune ("Stadt Dülmen") and the Themenfeld ("Verwaltung") out of the ranked text', async () => {
    expect(await urls('Stadt')).not.toContain(url.ohneStadt);
    expect(await urls('Verwaltung')).toEqual([url.ki]);
  });
});

describe('when not every word is in a Beitrag', () => {
  it('finds the Beiträge with most of the words: a word no Beitrag has does not empty the result', async () => {
    // "Xylophonwerkstatt" is in no Beitrag: the one with both other words first, then those with one of them.
    const found = await urls('Xylophonwerkstatt Ladestation Rathaus');
    expect(found[0]).toBe(url.laden);
    expect(found).toContain(url.rechner);
  });

  it('reads the name of a Kommune as its metadata, not as a word of the text', async () => {
    const all = async (q: string) => (await session.search(q)).map((h) => h.url).filter((u) => u.includes('/beitraege/'));
    expect((await all('Senden Ladestation'))[0]).toBe(url.ladenSenden);
    expect((await all('Dülmen Ladestation'))[0]).toBe(url.laden);
    // The name alone does not stand for a word of the text: some other word must be found.
    expect(await all('Dülmen Xylophonwerkstatt')).toEqual([]);
  });

  it('ranks the Kommune\'s own Beitrag first, however many others name the Kommune in passing', async () => {
    const all = async (q: string) => (await session.search(q)).map((h) => h.url).filter((u) => u.includes('/beitraege/'));
    const found = await all('Nottuln Bürgerbus');
    expect(found[0]).toBe(url.busNottuln);
    expect(found.slice(1).sort()).toEqual([url.busOlfen, url.busHavixbeck, url.busBillerbeck].sort());
    // The word alone is a word of the text, as before.
    expect((await all('Nottuln')).sort()).toEqual([url.busOlfen, url.busHavixbeck, url.busBillerbeck].sort());
  });
});

describe('short words', () => {
  it('matches a short word whole while a Beitrag has it whole ("KI" is not "Kinder")', async () => {
    expect(await urls('KI')).toEqual([url.ki]);
  });

  it('expands it as a prefix when asked with a star ("Ki*")', async () => {
    expect(await urls('Ki*')).toEqual(expect.arrayContaining([url.ki, url.kinder]));
  });
});

describe('operators', () => {
  it('"A | B" and "A OR B" find either', async () => {
    for (const q of ['Ladestation | Krankenhaus', 'Ladestation OR Krankenhaus']) expect((await urls(q)).sort(), q).toEqual([url.laden, url.krankenhaus].sort());
  });

  it('"-wort" leaves out the Beiträge that say the word, not those that only have it as a synonym', async () => {
    expect(await urls('Abfall -Müll')).toContain(url.abfall);
    expect(await urls('Abfall -Müll')).not.toContain(url.muell);
    expect(await urls('Müll -Abfall')).toContain(url.muell);
    expect(await urls('Müll -Abfall')).not.toContain(url.abfall);
  });

  it('"-wort" leaves out a Beitrag that has the word inside a compound, in its text as in its title', async () => {
    // "Gebührenbescheid" in the text only, "Arbeitsplatzrechner" in the title and the text.
    expect(await urls('Kämmerei')).toContain(url.gebuehren);
    expect(await urls('Kämmerei -Bescheid')).not.toContain(url.gebuehren);
    expect(await urls('Rathaus')).toContain(url.rechner);
    expect(await urls('Rathaus -Rechner')).not.toContain(url.rechner);
    // The word itself is no compound part of the Beiträge that only begin alike.
    expect(await urls('Rathaus -Rechnung')).toContain(url.rechner);
  });

  it('"genaue Phrase" finds the words only in this order', async () => {
    expect((await urls('Abstimmung Kreis')).sort()).toEqual([url.phrase, url.phraseAnders].sort());
    expect(await urls('"Abstimmung mit dem Kreis"')).toEqual([url.phrase]);
    // Synonyms and compound parts indexed after a word do not break a phrase.
    expect(await urls('"dem Krankenhaus am Ort"')).toEqual([url.krankenhaus]);
    expect(await urls('"Jeder Gebührenbescheid wird"')).toEqual([url.gebuehren]);
  });
});

describe("the hub's own pages", () => {
  const all = async (term: string) => (await session.search(term)).map((h) => h.url);

  it('are not found by the example words the Hilfe page quotes, only by what it says', async () => {
    // Words Beiträge here hold: the Hilfe page names them only as examples.
    expect(await all('Müll')).not.toContain('/hilfe');
    expect(await all('Abfall')).not.toContain('/hilfe');
    expect(await all('Suchoperatoren')).toContain('/hilfe');
    expect(await all('Prüfablauf')).toContain('/hilfe');
  });
});
