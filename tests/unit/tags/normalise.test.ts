import { describe, expect, it } from 'vitest';
import { cleanTag, groupTags, parseTagList, tagKey, tagPath } from '../../../src/lib/tags/normalise';

describe('tagKey', () => {
  it.each([
    ['Schule', 'Schulen'],
    ['Tablet', 'Tablets'],
    ['Leihgerät', 'Leihgeräte'],
    ['Lehrerin', 'Lehrerinnen'],
    ['Checkliste', 'Checklisten'],
    ['Kita', 'Kitas'],
    ['Zeugnis', 'Zeugnisse'],
    ['Bürgerbus', 'Bürgerbusse'],
    ['Kinderschutz', 'Kinderschutzes'],
    ['E-Akte', 'E-Akten'],
  ])('groups the singular "%s" with the plural "%s"', (singular, plural) => {
    expect(tagKey(plural)).toBe(tagKey(singular));
  });

  it('folds case, ß and spelled-out umlauts', () => {
    expect(tagKey('SCHÜLER')).toBe(tagKey('Schüler'));
    expect(tagKey('Schueler')).toBe(tagKey('Schüler'));
    expect(tagKey('Strasse')).toBe(tagKey('Straße'));
    expect(tagKey('  Digitale   Schule ')).toBe(tagKey('digitale schulen'));
  });

  it('keeps apart words that only share a stem with an umlaut, and derivations', () => {
    expect(tagKey('Schüler')).not.toBe(tagKey('Schule'));
    expect(tagKey('Beratung')).not.toBe(tagKey('Berater'));
  });

  it('leaves short words and acronyms alone', () => {
    expect(tagKey('MDM')).toBe('mdm');
    expect(tagKey('OGS')).toBe('ogs');
    expect(tagKey('BuT')).toBe('but');
  });

  it('gives an empty key to a tag without letters or digits', () => {
    expect(tagKey(' ,;- ')).toBe('');
    expect(tagKey('\u202e')).toBe('');
  });
});

describe('cleanTag', () => {
  it('drops control and bidi characters and collapses white space', () => {
    expect(cleanTag('Da\u202eten\tschutz  neu\u0000')).toBe('Daten schutz neu');
  });
});

describe('parseTagList', () => {
  it('splits on commas and keeps the first spelling of each group', () => {
    expect(parseTagList('Tablets, tablet, MDM;  , Schulen\nSchule')).toEqual(['Tablets', 'MDM', 'Schulen']);
  });
});

describe('groupTags', () => {
  it('labels a group with its most used spelling and adds up the counts', () => {
    const [group] = groupTags([
      { tag: 'Tablet', count: 2 },
      { tag: 'Tablets', count: 5 },
      { tag: 'tablets', count: 1 },
    ]);
    expect(group).toEqual({ key: 'tablet', label: 'Tablets', variants: ['Tablets', 'Tablet', 'tablets'], count: 8 });
  });
});

describe('tagPath', () => {
  it('links to the page of the key, encoded', () => {
    expect(tagPath('Leihgeräte')).toBe('/schlagwoerter/leihger%C3%A4t');
    expect(tagPath('open source', true)).toBe('/schlagwoerter/open%20source');
  });
});
