import { describe, expect, it } from 'vitest';
import { countOf } from '../../src/lib/format';

describe('countOf', () => {
  it('says "1 Beitrag" for exactly one and the plural for none and many', () => {
    expect(countOf(1, 'Beitrag', 'Beiträge')).toBe('1 Beitrag');
    expect(countOf(0, 'Beitrag', 'Beiträge')).toBe('0 Beiträge');
    expect(countOf(2, 'Beitrag', 'Beiträge')).toBe('2 Beiträge');
  });

  it('groups thousands the German way', () => {
    expect(countOf(12345, 'Eintrag', 'Einträge')).toBe('12.345 Einträge');
  });
});
