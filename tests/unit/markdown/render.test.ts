import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../src/lib/markdown/render';
import { findImageProblems } from '../../../src/lib/markdown/images';

describe('renderMarkdown', () => {
  it('keeps the column alignment of a table as classes the stylesheet aligns by', () => {
    const html = renderMarkdown('| Posten | Anzahl | Betrag |\n|:--|:-:|--:|\n| Tablets | 12 | 4.800 € |');
    expect(html).toContain('<th class="align-left">Posten</th>');
    expect(html).toContain('<td class="align-center">12</td>');
    expect(html).toContain('<td class="align-right">4.800 €</td>');
    expect(html).not.toMatch(/\salign=|style=/);
  });

  it('never puts an image from another website into the page, and says why in German', () => {
    for (const src of ['https://example.org/bild.png', '//example.org/bild.png', 'data:image/png;base64,AAAA', 'bild.png']) {
      const html = renderMarkdown(`![Organigramm](${src})`);
      expect(html, src).not.toContain('<img');
      expect(html, src).toContain('<span class="remote-image">Das Bild „Organigramm“');
      expect(html, src).toContain('lädt keine Inhalte von anderen Websites');
    }
    const raw = renderMarkdown('<img src="https://example.org/x.png" alt="x">');
    expect(raw).not.toContain('example.org/x.png"');
    expect(findImageProblems(raw).remote).toBe(1);
  });

  it('shows an image of the hub itself', () => {
    expect(renderMarkdown('![Organigramm der Schul-IT](/duelmen/dateien/12)')).toContain('<img src="/duelmen/dateien/12" alt="Organigramm der Schul-IT" />');
  });
});

describe('findImageProblems', () => {
  it('counts images from elsewhere and images without alt text', () => {
    const html = renderMarkdown('![](/duelmen/dateien/1) ![ ](/duelmen/dateien/2) ![gut](/duelmen/dateien/3) ![fremd](https://example.org/a.png)');
    expect(findImageProblems(html)).toEqual({ remote: 1, missingAlt: 2 });
  });
});
