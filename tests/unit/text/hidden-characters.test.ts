import { describe, expect, it } from 'vitest';
import { hasHiddenCharacters } from '../../../src/lib/text/hidden-characters';
import { checkFileName } from '../../../src/lib/files/names';

export const HIDDEN = {
  'right-to-left override U+202E': 'rechnung\u202Efdp.exe',
  'left-to-right override U+202D': 'Titel \u202D zwei',
  'right-to-left embedding U+202B': '\u202BTitel',
  'pop directional formatting U+202C': 'Titel\u202C',
  'first strong isolate U+2068': 'a\u2068b',
  'right-to-left isolate U+2067': 'a\u2067b\u2069',
  'right-to-left mark U+200F': 'Titel\u200F',
  'arabic letter mark U+061C': 'Titel\u061C',
  'zero-width space U+200B': 'Ti\u200Btel',
  'zero-width joiner U+200D': 'Ti\u200Dtel',
  'word joiner U+2060': 'Ti\u2060tel',
  'byte order mark U+FEFF': '\uFEFFTitel',
  'NUL': 'Titel\u0000',
  'escape (terminal colours)': 'Titel\u001b[31m',
  'C1 control U+0085': 'Titel\u0085',
  'line separator U+2028': 'Titel\u2028zwei',
};

describe('hasHiddenCharacters', () => {
  it.each(Object.entries(HIDDEN))('refuses %s in a one-line text', (_name, value) => expect(hasHiddenCharacters(value)).toBe(true));
  it.each(Object.entries(HIDDEN))('refuses %s in a multi-line text too', (_name, value) => expect(hasHiddenCharacters(value, { multiline: true })).toBe(true));

  it('allows line breaks and tabs only in multi-line text', () => {
    for (const value of ['zwei\nZeilen', 'mit\r\nWindows-Umbruch', 'mit\tTab']) {
      expect(hasHiddenCharacters(value)).toBe(true);
      expect(hasHiddenCharacters(value, { multiline: true })).toBe(false);
    }
  });

  it('accepts German, other scripts and typographic characters people really type', () => {
    for (const value of ['Straßen & Plätze – „Ortsmitte“ 2025', 'Ärztehaus Lüdinghausen', 'مدرسة', 'שלום', '50 % · 3 €', 'O’Neill', 'Café (NFD: Cafe\u0301)', 'Tablets 🚀']) {
      expect(hasHiddenCharacters(value), value).toBe(false);
    }
  });

  it('is the rule file names follow', () => {
    for (const value of Object.values(HIDDEN)) expect(checkFileName(`${value}.pdf`).problem).toBe('control');
  });
});
