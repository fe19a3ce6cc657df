import { describe, expect, it } from 'vitest';
import { decodeLocations, encodeLocations } from '../../../src/lib/search/pagefind-files';

describe('word locations as pagefind stores them', () => {
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
});
