import { describe, expect, it } from 'vitest';
import { csvCell } from '../../../src/lib/audit/csv';
import { berlinMidnight, parseAuditFilter } from '../../../src/lib/audit/filter';
import { describeAction } from '../../../src/lib/audit/describe';
import { describeUserAgent } from '../../../src/lib/auth/user-agent';

describe('csvCell', () => {
  it('quotes semicolons, quotes and line breaks', () => expect(csvCell('a;"b"\nc')).toBe('"a;""b""\nc"'));
  it.each(['=HYPERLINK("x")', '+1', '-1', '@SUM(A1)'])('keeps %s from running as a formula', (v) => expect(csvCell(v).replace(/^"/, '')).toMatch(/^'/));
  it('leaves plain text alone', () => expect(csvCell('Einladung erstellt')).toBe('Einladung erstellt'));
});

describe('berlinMidnight', () => {
  it('is 23:00 UTC the day before in winter', () => expect(berlinMidnight('2026-01-15')).toBe('2026-01-14T23:00:00.000Z'));
  it('is 22:00 UTC the day before in summer', () => expect(berlinMidnight('2026-07-15')).toBe('2026-07-14T22:00:00.000Z'));
  it('moves to the next day for an inclusive end', () => expect(berlinMidnight('2026-12-31', 1)).toBe('2026-12-31T23:00:00.000Z'));
  it.each(['2026-02-31', '31.01.2026', '2026-1-1', ''])('refuses %j', (v) => expect(berlinMidnight(v)).toBeNull());
});

describe('parseAuditFilter', () => {
  it('keeps a Kommune admin within her Kommunen', () => {
    const { filter, notes } = parseAuditFilter(new URLSearchParams('kommune=duelmen'), ['olfen']);
    expect(filter.tenant).toBeUndefined();
    expect(notes).toHaveLength(1);
  });
  it('reads every field', () => {
    const { filter, notes } = parseAuditFilter(new URLSearchParams('kommune=olfen&art=einladungen&person=%20a%40b%20&von=2026-01-01&bis=2026-01-31'), null);
    expect(filter).toEqual({ tenant: 'olfen', kind: 'einladungen', person: 'a@b', from: '2026-01-01', to: '2026-01-31' });
    expect(notes).toEqual([]);
  });
  it('drops an unknown kind with a German note', () => {
    const { filter, notes } = parseAuditFilter(new URLSearchParams('art=document.approve'), null);
    expect(filter.kind).toBeUndefined();
    expect(notes[0]).toContain('Diese Art von Ereignis gibt es nicht');
  });
});

describe('describeAction', () => {
  it('says in German what happened', () => expect(describeAction('document.approve')).toBe('Beitrag geprüft und veröffentlicht'));
  it('shows an unknown code as it is', () => expect(describeAction('neu.unbekannt')).toBe('neu.unbekannt'));
});

describe('describeUserAgent', () => {
  it.each([
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox unter Windows'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1', 'Safari unter iOS'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0', 'Microsoft Edge unter macOS'],
    ['', 'Unbekannter Browser'],
    ['curl/8.0', 'Unbekannter Browser'],
  ])('names %j as %j', (ua, words) => expect(describeUserAgent(ua)).toBe(words));
});
