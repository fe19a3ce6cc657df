import { describe, expect, it } from 'vitest';
import { renderRevision } from '../../../src/lib/documents/store';
import { XSS_PAYLOADS } from '../../fixtures/xss-payloads';
import { sampleData } from './helpers';

// Tags and attributes that would run script, load another origin or navigate away.
const DANGEROUS = [
  /<(script|iframe|object|embed|base|meta|form|svg|math|style|link|details|button|noscript|textarea)\b/i,
  /\son[a-z]+\s*=/i,
  /\s(href|src|action|formaction|xlink:href)\s*=\s*"\s*(javascript|data|vbscript):/i,
  /\s(href|src)\s*=\s*"\/\//i,
  /\sstyle\s*=/i,
  /\ssrcdoc\s*=/i,
];

describe('stored Markdown', () => {
  it.each(XSS_PAYLOADS)('renders %s harmless in body and fields', (payload) => {
    const html = renderRevision(sampleData({ fields: { ausgangslage: payload } }), `Vorher\n\n${payload}\n\nNachher`);
    for (const out of [html.body, html.fields['ausgangslage']!]) {
      // Only real tags matter: escaped text such as "&lt;img onerror=…&gt;" is shown as text and is harmless.
      const tags = out.match(/<[a-z][^>]*>/gi) ?? [];
      for (const tag of tags) for (const pattern of DANGEROUS) expect(tag, `${pattern} in ${out}`).not.toMatch(pattern);
    }
    expect(html.body).toContain('Vorher');
    expect(html.body).toContain('Nachher');
  });

  it('gives links to other origins rel="noopener noreferrer" and keeps GFM tables and heading anchors', () => {
    const html = renderRevision(sampleData(), '## Kosten und Förderung\n\n[OParl](https://ratsinfo.example/oparl)\n\n| a | b |\n| - | - |\n| 1 | 2 |\n').body;
    expect(html).toContain('<h2 id="kosten-und-foerderung">');
    expect(html).toContain('<a href="https://ratsinfo.example/oparl" rel="noopener noreferrer">');
    expect(html).toContain('<table>');
  });
});
