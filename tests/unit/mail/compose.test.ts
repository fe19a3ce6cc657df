import { describe, expect, it } from 'vitest';
import { composeMail } from '../../../src/lib/mail/compose';
import { headerText } from '../../../src/lib/mail/transport';

describe('composeMail', () => {
  it('escapes every text in the HTML part and keeps the plain text as written', () => {
    const { text, html } = composeMail({
      greeting: 'Guten Tag <b>Eve</b>,',
      blocks: [{ p: 'Titel: "<script>alert(1)</script>"' }, { items: [{ title: '<img src=x onerror=alert(2)>', url: 'https://hub.example/a?x=1&y="2"' }] }, { quote: 'Zeile 1\n<i>Zeile 2</i>' }],
      reason: 'Sie <u>folgen</u>',
      origin: 'https://hub.example',
      unsubscribeUrl: 'https://hub.example/abbestellen?t=abc',
    });
    expect(html).not.toMatch(/<script|<img|<b>|<i>|<u>/);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('href="https://hub.example/a?x=1&amp;y=&quot;2&quot;"');
    expect(text).toContain('Titel: "<script>alert(1)</script>"');
    expect(text).toContain('> <i>Zeile 2</i>');
    expect(text).toContain('Abbestellen mit einem Klick: https://hub.example/abbestellen?t=abc');
    expect(text).toContain('Wissensnetz Kreis Coesfeld');
  });
});

describe('headerText', () => {
  it('turns line breaks and control characters into spaces', () => {
    expect(headerText('Titel\r\nBcc: opfer@example.invalid\u0000\u2028X')).toBe('Titel Bcc: opfer@example.invalid X');
  });
});
