import { describe, expect, it } from 'vitest';
import { checkTarget, FetchRefused } from '../../../src/lib/council/safe-fetch';

// The check that runs before any connection; no request is made here.
describe('checkTarget', () => {
  it.each([
    'http://10.20.30.40/oparl/paper/1',
    'http://192.168.178.1/oparl/paper/1',
    'http://172.16.5.4/',
    'http://169.254.169.254/latest/meta-data',
    'http://100.64.0.7/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://[::ffff:10.0.0.1]/',
    'http://127.0.0.1:8080/',
    'http://localhost/',
    'http://ratsinfo.example/oparl',
    'http://nas/',
    'ftp://oparl.example.de/x',
    'https://user:pw@oparl.example.de/x',
  ])('refuses %s before connecting', (url) => {
    expect(() => checkTarget(new URL(url), [])).toThrow(FetchRefused);
  });

  it('lets a public name through to the guarded DNS lookup, and an allow-listed host:port through as configured', () => {
    expect(checkTarget(new URL('https://oparl.kreis-coesfeld.de/paper/1'), [])).toEqual({ allowed: false });
    expect(checkTarget(new URL('http://127.0.0.1:5555/paper/1'), ['127.0.0.1:5555'])).toEqual({ allowed: true });
    expect(() => checkTarget(new URL('http://127.0.0.1:5556/paper/1'), ['127.0.0.1:5555'])).toThrow(FetchRefused);
  });
});
