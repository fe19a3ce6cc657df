import { describe, expect, it } from 'vitest';
import { formatQuery, parseQuery } from '../../../src/scripts/search/query';
import { compoundHead, editDistance, splitWord, suggestWord, type Vocabulary } from '../../../src/scripts/search/words';
import { parseThesaurus } from '../../../src/lib/search/thesaurus';

describe('parseQuery', () => {
  it('splits "A | B" and "A OR B" into alternatives, but not a lowercase "or"', () => {
    expect(parseQuery('Tablet | Laptop').map((b) => b.words.map((w) => w.text))).toEqual([['Tablet'], ['Laptop']]);
    expect(parseQuery('Tablet OR Laptop').map((b) => b.words.map((w) => w.text))).toEqual([['Tablet'], ['Laptop']]);
    expect(parseQuery('Tablet|Laptop')).toHaveLength(2);
    expect(parseQuery('Tablet or Laptop')).toHaveLength(1);
  });

  it('reads "-wort" as exclusion, quotes as a phrase and "wort*" as a prefix', () => {
    expect(parseQuery('Schule -Grundschule "digitale Antragstellung" Schul*')).toEqual([
      { words: [{ text: 'Schule', prefix: false }, { text: 'Schul', prefix: true }], phrases: ['digitale Antragstellung'], excluded: ['Grundschule'] },
    ]);
  });

  it('keeps hyphenated words whole and an unmatched quote harmless', () => {
    expect(parseQuery('E-Akte').map((b) => b.words)).toEqual([[{ text: 'E-Akte', prefix: false }]]);
    expect(parseQuery('"Akte')[0]!.words).toEqual([{ text: 'Akte', prefix: false }]);
  });

  it('drops German function words when other words are there, not when they stand alone', () => {
    expect(parseQuery('der Stadt und die Schulen')[0]!.words.map((w) => w.text)).toEqual(['Stadt', 'Schulen']);
    expect(parseQuery('die')[0]!.words.map((w) => w.text)).toEqual(['die']);
  });

  it('writes a query back from its parts', () => {
    expect(formatQuery(parseQuery('Schule -Grundschule "a b" Schul* | Kita'))).toBe('Schule Schul* "a b" -Grundschule | Kita');
  });
});

const vocabularyOf = (words: Record<string, number>): Vocabulary => async () => new Map(Object.entries(words));

describe('suggestWord', () => {
  it('finds the hub\'s word at the smallest edit distance, swaps counting once', async () => {
    const v = vocabularyOf({ vergabeverfahren: 3, vergabestelle: 9 });
    expect(await suggestWord('Vergabeverfahrn', v)).toBe('vergabeverfahren');
    expect(await suggestWord('Vergabeverfarhen', v)).toBe('vergabeverfahren');
  });

  it('reads ae, oe, ue and ss as ä, ö, ü and ß', async () => {
    expect(await suggestWord('Buergerbuero', vocabularyOf({ bürgerbüro: 2 }))).toBe('bürgerbüro');
    expect(await suggestWord('Strassenfest', vocabularyOf({ straßenfest: 1 }))).toBe('straßenfest');
  });

  it('suggests nothing for a word (or the start of a word) the hub has, nor for far or short words', async () => {
    const v = vocabularyOf({ schulen: 5, schulträger: 2 });
    expect(await suggestWord('Schulen', v)).toBeNull();
    expect(await suggestWord('Schul', v)).toBeNull();
    expect(await suggestWord('Rathaus', v)).toBeNull();
    expect(await suggestWord('KI', vocabularyOf({ ku: 1 }))).toBeNull();
  });

  it('prefers the more frequent of equally near words', async () => {
    expect(await suggestWord('Wagne', vocabularyOf({ wange: 1, wagen: 9 }))).toBe('wagen');
    expect(await suggestWord('Wagne', vocabularyOf({ wange: 9, wagen: 1 }))).toBe('wange');
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps', () => {
    expect(editDistance('antrag', 'antrag', 2)).toBe(0);
    expect(editDistance('antarg', 'antrag', 2)).toBe(1);
    expect(editDistance('atrag', 'antrag', 2)).toBe(1);
    expect(editDistance('xyz', 'antrag', 2)).toBe(3);
  });
});

describe('splitWord', () => {
  it('splits a query word into two words of the hub, a linking s and an inflected end allowed', async () => {
    const v = vocabularyOf({ verkehr: 1, konzept: 1 });
    expect(await splitWord('Verkehrskonzept', v)).toEqual(['verkehr', 'konzept']);
    expect(await splitWord('Verkehrskonzepte', v)).toEqual(['verkehr', 'konzepte']);
    expect(await splitWord('Radverkehr', v)).toBeNull();
  });
});

describe('compoundHead', () => {
  it('takes the last part of a compound the hub splits into two of its words', async () => {
    const v = vocabularyOf({ wander: 1, parkplatz: 3 });
    expect(await compoundHead('Wanderparkplatz', v)).toBe('parkplatz');
  });

  it('does not cut a word whose first part the hub does not know', async () => {
    const v = vocabularyOf({ carport: 2, intern: 9 });
    expect(await compoundHead('Solarcarport', v)).toBeNull();
    expect(await compoundHead('Kanarienfrageintern', v)).toBeNull();
  });
});

describe('parseThesaurus', () => {
  const text = [
    '# comment',
    'Müll;Abfall;Dreck;Siff (ugs.);Unrat;Schmutz',
    'Hausmüll;Unrat;Hausabfall;Abfall;Müll;Schrott (ugs.)',
    'Abfall;Hang;Senkung;Gefälle;Abhang',
    'Charité (franz., veraltet);Klinik;Klinikum;Krankenhaus (Hauptform);Spital (schweiz., österr.)',
    'Klinik;Sanatorium;Heilstätte',
    'Klinik (fachspr.);Symptomatik;klinisches Bild',
    'schnell;rasch;zügig',
  ].join('\n');
  const th = parseThesaurus(text);

  it('keeps nouns of one word in the standard language, both ways', () => {
    expect(th.get('krankenhaus')).toEqual(expect.arrayContaining(['klinik', 'klinikum']));
    expect(th.get('klinik')).toContain('krankenhaus');
    expect(th.has('schnell')).toBe(false);
    expect([...th.values()].flat()).not.toContain('siff');
    expect([...th.values()].flat()).not.toContain('spital');
  });

  it('links the words of a large synset to its main form only, one way, and keeps abbreviations', () => {
    const large = parseThesaurus(
      [
        'Fahrrad;Rad;Drahtesel (ugs.);Velo (schweiz.);Zweirad;Radl (bair.);Bike (engl.);Stahlross (ugs.);Hobel (ugs.);Tretmühle (ugs.);Fietse (regional);Fahrrad (Hauptform);Pedalritter (ugs.);Zweiradfahrzeug;Tretesel;Pedalfahrzeug;Trittfahrzeug;Laufmaschine;Fußmobil;Velociped;Tretkurbelrad;Radfahrzeug',
        'Volkshochschule;VHS (Abkürzung);Bildungswerk',
        'Gewerbeaufsicht;GAA (Abkürzung);Arbeitsschutzbehörde',
        'Lkw (Abkürzung);Laster;Lastwagen',
        'Mofa (Abkürzung);Motorfahrrad',
      ].join('\n'),
    );
    expect(large.get('zweirad')).toContain('fahrrad');
    expect(large.get('tretesel')).toContain('fahrrad');
    // The main form does not expand into the loose group, nor its members into each other.
    expect(large.get('fahrrad') ?? []).not.toContain('tretesel');
    expect(large.get('zweirad')).not.toContain('tretesel');
    // Abbreviations the thesaurus marks as such are standard language.
    expect(large.get('motorfahrrad')).toContain('mofa');
    expect(large.get('mofa')).toContain('motorfahrrad');
  });

  it('gives an ambiguous word only its dominant meaning', () => {
    expect(th.get('abfall')).toEqual(expect.arrayContaining(['müll', 'unrat']));
    expect(th.get('abfall')).not.toContain('gefälle');
  });
});
