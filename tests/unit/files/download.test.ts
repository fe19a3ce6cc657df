import { describe, expect, it } from 'vitest';
import { contentDisposition, parseRange } from '../../../src/lib/files/download';

describe('contentDisposition', () => {
  it('sends an attachment with an ASCII fallback and the exact UTF-8 name (RFC 6266)', () => {
    expect(contentDisposition('Übergabe "Geräte" 100%.xlsx')).toBe(
      `attachment; filename="Ubergabe _Gerate_ 100_.xlsx"; filename*=UTF-8''%C3%9Cbergabe%20%22Ger%C3%A4te%22%20100%25.xlsx`,
    );
  });

  it('encodes characters that RFC 8187 does not allow unescaped', () => {
    expect(contentDisposition("plan (v1)'s.pdf")).toContain("filename*=UTF-8''plan%20%28v1%29%27s.pdf");
  });
});

describe('parseRange', () => {
  it('reads a closed, an open and a suffix range', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=990-5000', 1000)).toEqual({ start: 990, end: 999 });
  });

  it('answers a range beyond the end as unsatisfiable', () => {
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 1000)).toBe('unsatisfiable');
  });

  it('ignores malformed and multiple ranges (the whole file is sent)', () => {
    expect(parseRange('bytes=0-1,5-6', 1000)).toBeNull();
    expect(parseRange('items=0-1', 1000)).toBeNull();
    expect(parseRange(null, 1000)).toBeNull();
  });
});
