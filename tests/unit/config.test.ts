import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/lib/config';

describe('loadConfig: WISSENSNETZ_UPLOAD_LIMIT_MB', () => {
  it('takes 25 MB unless told otherwise', () => expect(loadConfig({}).uploadLimitBytes).toBe(25 * 1024 * 1024));
  it('takes fractions and up to 1000 MB', () => {
    expect(loadConfig({ WISSENSNETZ_UPLOAD_LIMIT_MB: '0.5' }).uploadLimitBytes).toBe(512 * 1024);
    expect(loadConfig({ WISSENSNETZ_UPLOAD_LIMIT_MB: '1000' }).uploadLimitBytes).toBe(1000 * 1024 * 1024);
  });
  it.each(['0', '-1', 'viel', '1001', '5000'])('refuses %s with a message naming the variable', (raw) =>
    expect(() => loadConfig({ WISSENSNETZ_UPLOAD_LIMIT_MB: raw })).toThrow(/WISSENSNETZ_UPLOAD_LIMIT_MB must be a number above 0 and at most 1000/),
  );
});
