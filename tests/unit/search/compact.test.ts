import { describe, expect, it } from 'vitest';
import { capLocations, chunkRanges, withPlaceholders } from '../../../src/lib/search/compact';
import { decodeLocations, encodeLocations } from '../../../src/lib/search/pagefind-files';

describe('common words', () => {
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

describe('hidden terms in a page text', () => {
  it('become one character each when they hold parts of the word before them, so every word keeps its position', () => {
    const text = 'Die Medienstadtstelle __stelle__ __medien_stadt__ __posten_amt__ und die E __elektronisch__-Akte, im Friedhofsamt __amt__ __friede_hof__.';
    const shrunk = withPlaceholders(text)!;
    expect(shrunk).toBe('Die Medienstadtstelle _ _ __posten_amt__ und die E __elektronisch__-Akte, im Friedhofsamt _ _.');
    expect(shrunk.split(/\s+/)).toHaveLength(text.split(/\s+/).length);
  });

  it('leave a text without them and a text split at zero-width spaces as they are', () => {
    expect(withPlaceholders('Ein Text ohne __ und _x_ Wörter.')).toBeNull();
    expect(withPlaceholders('Schule\u200B__schule__')).toBeNull();
  });
});
