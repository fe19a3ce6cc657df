import { describe, expect, it } from 'vitest';
import { loadMailSettings, MailConfigError, redactUrl } from '../../../src/lib/mail/settings';

const load = (env: Record<string, string>) => loadMailSettings({ WISSENSNETZ_ROOT: process.cwd(), ...env });

describe('mail settings', () => {
  it('use STARTTLS on smtp:// (port 587 by default) and implicit TLS on smtps:// (465)', () => {
    expect(load({ WISSENSNETZ_SMTP_URL: 'smtp://user:pw@mail.kreis-coesfeld.de' }).transport).toMatchObject({ kind: 'smtp', host: 'mail.kreis-coesfeld.de', port: 587, implicitTls: false });
    expect(load({ WISSENSNETZ_SMTP_URL: 'smtps://mail.kreis-coesfeld.de' }).transport).toMatchObject({ port: 465, implicitTls: true });
  });

  it('write files into the data folder when no SMTP URL is set', () => {
    expect(load({}).transport.kind).toBe('files');
  });

  it('refuse an unusable SMTP URL naming the variable, without the password', () => {
    for (const url of ['http://user:geheim@mail', 'smtp://', 'kein url']) {
      let err: unknown;
      try {
        load({ WISSENSNETZ_SMTP_URL: url });
      } catch (e) {
        err = e;
      }
      expect(err, url).toBeInstanceOf(MailConfigError);
      expect((err as Error).message).toContain('WISSENSNETZ_SMTP_URL');
      expect((err as Error).message).not.toContain('geheim');
    }
    expect(redactUrl('smtp://user:geheim@mail.example:587')).toBe('smtp://***@mail.example:587');
  });

  it('read the sender with or without a name, and refuse line breaks and non-addresses', () => {
    expect(load({ WISSENSNETZ_MAIL_FROM: 'Wissensnetz Kreis <wn@kreis-coesfeld.de>' }).from).toEqual({ name: 'Wissensnetz Kreis', address: 'wn@kreis-coesfeld.de' });
    expect(load({ WISSENSNETZ_MAIL_FROM: 'wn@kreis-coesfeld.de' }).from.address).toBe('wn@kreis-coesfeld.de');
    expect(() => load({ WISSENSNETZ_MAIL_FROM: 'wn@kreis.de\r\nBcc: x@y.z' })).toThrow(MailConfigError);
    expect(() => load({ WISSENSNETZ_MAIL_FROM: 'kein absender' })).toThrow(/WISSENSNETZ_MAIL_FROM/);
    expect(() => load({ WISSENSNETZ_DIGEST_HOUR: '25' })).toThrow(/WISSENSNETZ_DIGEST_HOUR/);
  });
});
