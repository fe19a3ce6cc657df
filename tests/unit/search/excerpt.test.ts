import { describe, expect, it } from 'vitest';
import { excerptParts } from '../../../src/scripts/search/excerpt';

const show = (excerpt: string) => excerptParts(excerpt).map((p) => (p.mark ? `[${p.text}]` : p.text)).join('');

describe('excerptParts', () => {
  it('moves a highlight from a hidden part onto the compound before it', () => {
    expect(show('Die Schulsozialarbeit _ <mark>_</mark> hilft.')).toBe('Die [Schulsozialarbeit] hilft.');
  });

  it('drops hidden terms but keeps the punctuation after them', () => {
    expect(show('zur OGS _. Danach <mark>Schule</mark>')).toBe('zur OGS. Danach [Schule]');
    expect(show('die <mark>Wasserzähler</mark> _ _ . Die E _-Akte')).toBe('die [Wasserzähler.] Die E-Akte');
    expect(show('Feld _ leer _ x')).toBe('Feld leer x');
    expect(show('_ <mark>_</mark> für die Beratung')).toBe('für die Beratung');
    expect(show('Die Kita __kindergarten__ <mark>__krippe__</mark>, dann')).toBe('Die [Kita,] dann');
  });

  it('shows escaped angle brackets as text, never as markup', () => {
    const parts = excerptParts('Code &lt;script&gt;alert(1)&lt;/script&gt; <mark>Schule</mark>');
    expect(parts).toEqual([{ text: 'Code <script>alert(1)</script> ', mark: false }, { text: 'Schule', mark: true }]);
  });
});
