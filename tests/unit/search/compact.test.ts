import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor } from '../../../src/lib/search/cbor';
import { capLocations, chunkRanges, decodeLocations, encodeLocations } from '../../../src/lib/search/compact';

describe('CBOR as pagefind writes it', () => {
  it('writes integers in their shortest form and reads them back', () => {
    expect([...encodeCbor(23)]).toEqual([0x17]);
    expect([...encodeCbor(24)]).toEqual([0x18, 24]);
    expect([...encodeCbor(256)]).toEqual([0x19, 1, 0]);
    expect([...encodeCbor(65536)]).toEqual([0x1a, 0, 1, 0, 0]);
    expect([...encodeCbor(-25)]).toEqual([0x38, 24]);
    for (const n of [0, 1, 23, 24, 255, 256, 65535, 65536, 2 ** 32, -1, -24, -25, -256, -257]) expect(decodeCbor(encodeCbor(n))).toBe(n);
  });

  it('round-trips arrays, maps and UTF-8 strings byte for byte', () => {
    const value = ['1.5.2', [['de_7ce925d', 1034]], [['straße', 'überweisung', 'c0']], new Map<string, number>([['größe', 3]]), [], true, null];
    const bytes = encodeCbor(value);
    expect(decodeCbor(bytes)).toEqual(value);
    expect(encodeCbor(decodeCbor(bytes))).toEqual(bytes);
  });

  it('refuses what it cannot read instead of guessing', () => {
    expect(() => decodeCbor(Buffer.from([0x9f, 0x01, 0xff]))).toThrow(/indefinite/); // indefinite-length array
    expect(() => decodeCbor(Buffer.from([0xfb, 0, 0, 0, 0, 0, 0, 0, 0]))).toThrow(/float/);
    expect(() => decodeCbor(Buffer.from([0x01, 0x02]))).toThrow(/after its first item/);
    expect(() => decodeCbor(Buffer.from([0x83, 0x01]))).toThrow(/ends early/);
  });
});

describe('word locations', () => {
  it('reads weight groups with positions as differences, and writes them back the same way', () => {
    const packed = [-7, 77, 76, 0, -25, 3, 10, -73, 56];
    expect(decodeLocations(packed)).toEqual([
      { weight: 6, at: 77 },
      { weight: 6, at: 153 },
      { weight: 6, at: 153 },
      { weight: 24, at: 3 },
      { weight: 24, at: 13 },
      { weight: 72, at: 56 },
    ]);
    expect(encodeLocations(decodeLocations(packed))).toEqual(packed);
  });

  it('keeps the occurrences of highest weight, then the earliest, at their true positions', () => {
    const packed = encodeLocations([
      { weight: 24, at: 900 },
      { weight: 24, at: 40 },
      { weight: 24, at: 12 },
      { weight: 168, at: 2 },
      { weight: 72, at: 20 },
      { weight: 24, at: 500 },
    ]);
    expect(decodeLocations(capLocations(packed, 4))).toEqual([
      { weight: 24, at: 12 },
      { weight: 24, at: 40 },
      { weight: 72, at: 20 },
      { weight: 168, at: 2 },
    ]);
    expect(capLocations(packed, 6)).toBe(packed);
  });
});

describe('chunk ranges', () => {
  const utf8 = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
  /** The browser's rule: the first chunk whose range holds the word. */
  const chunkOf = (ranges: [string, string][], word: string) => ranges.findIndex(([from, to]) => utf8(word, from) >= 0 && utf8(word, to) <= 0);

  it('puts every word into the chunk that holds it, and leaves no gaps between chunks', () => {
    const chunks = [
      ['antrag', 'bau', 'baum'],
      ['baumschul', 'schul'],
      ['schulamt', 'schulbau', 'strass'],
      ['strassenfest', 'zaun'],
      ['ärger', 'übung'],
    ];
    const ranges = chunkRanges(chunks.map((c) => ({ first: c[0]!, last: c.at(-1)! })));
    chunks.forEach((words, i) => {
      for (const w of words) expect(chunkOf(ranges, w), w).toBe(i);
    });
    // Words after a chunk's last word and before the next chunk's start (a query as typed,
    // like "baumhaus") belong to that chunk, not to a gap that makes the browser fetch more.
    expect(chunkOf(ranges, 'baumhaus')).toBe(0);
    expect(chunkOf(ranges, 'zaunkönig')).toBe(3);
    expect(chunkOf(ranges, 'zzz')).toBe(3);
    expect(chunkOf(ranges, 'übungen')).toBe(4);
    for (let i = 0; i + 1 < ranges.length; i++) expect(utf8(ranges[i]![1], ranges[i + 1]![0])).toBeLessThan(0);
  });
});
