import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor } from '../../../src/lib/search/cbor';

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
