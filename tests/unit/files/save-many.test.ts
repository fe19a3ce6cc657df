import { describe, expect, it } from 'vitest';
import { titleFromFileName } from '../../../src/lib/files/save-many';

describe('titleFromFileName', () => {
  it('turns a file name into a readable title, keeping hyphens of compounds', () => {
    expect(titleFromFileName('Organigramm_Schul-IT.png')).toBe('Organigramm Schul-IT');
    expect(titleFromFileName('a.pdf')).toBe('a.pdf');
  });
});
