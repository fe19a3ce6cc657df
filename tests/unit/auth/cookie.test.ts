import { afterEach, describe, expect, it } from 'vitest';
import { resetConfig } from '../../../src/lib/config';
import { sessionCookieName } from '../../../src/lib/auth/cookie';
import { securityHeaders } from '../../../src/lib/http/headers';

afterEach(() => {
  delete process.env['WISSENSNETZ_ORIGIN'];
  resetConfig();
});

describe('session cookie name', () => {
  it('uses the __Host- prefix when the hub runs on https', () => {
    process.env['WISSENSNETZ_ORIGIN'] = 'https://wissen.kreis-coesfeld.de';
    resetConfig();
    expect(sessionCookieName()).toBe('__Host-wn_session');
  });

  it('uses a plain name on http, where browsers refuse __Host- cookies', () => {
    process.env['WISSENSNETZ_ORIGIN'] = 'http://localhost:4321';
    resetConfig();
    expect(sessionCookieName()).toBe('wn_session');
  });
});

describe('securityHeaders', () => {
  it('sends HSTS only on https', () => {
    expect(securityHeaders(true)['Strict-Transport-Security']).toMatch(/max-age=\d+/);
    expect(securityHeaders(false)['Strict-Transport-Security']).toBeUndefined();
  });

  it('allows no inline scripts', () => {
    const csp = securityHeaders(false)['Content-Security-Policy']!;
    const scriptSrc = /script-src ([^;]*)/.exec(csp)![1]!;
    expect(scriptSrc).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });
});
