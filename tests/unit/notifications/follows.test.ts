import { describe, expect, it } from 'vitest';
import { FollowError, subjectFromForm } from '../../../src/lib/notifications/follows';

describe('subjectFromForm', () => {
  it('normalises a tag as Beiträge store it', () => {
    expect(subjectFromForm('schlagwort', '  Offener   Ganztag ')).toBe('schlagwort:offener ganztag');
  });

  it.each([
    ['a bidi override', 'Glas\u202efaser'],
    ['a zero-width space', 'Glas\u200bfaser'],
    ['a line break', 'Glas\nfaser'],
  ])('refuses a tag with %s, with a German message', (_, tag) => {
    expect(() => subjectFromForm('schlagwort', tag)).toThrow(FollowError);
    expect(() => subjectFromForm('schlagwort', tag)).toThrow(/unsichtbare Steuer- oder Schreibrichtungszeichen/);
  });

  it('refuses a Themenfeld or Kommune that does not exist', () => {
    expect(() => subjectFromForm('themenfeld', 'gibt-es-nicht')).toThrow('Bitte wählen Sie ein Themenfeld.');
    expect(() => subjectFromForm('kommune', 'atlantis')).toThrow('Bitte wählen Sie eine Kommune.');
  });
});
