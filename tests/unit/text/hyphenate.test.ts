import { describe, expect, it } from 'vitest';
import { hyphenate, hyphenateHtml, hyphenateWord } from '../../../src/lib/text/hyphenate';
import { renderMarkdown, slugifyHeading } from '../../../src/lib/markdown/render';
import { slugifyTitle } from '../../../src/lib/documents/slug';

const SHY = '\u00ad';
/** Soft hyphens shown as "|" so that expectations read like a dictionary. */
const shown = (s: string) => s.replaceAll(SHY, '|');

describe('hyphenateWord', () => {
  it('breaks long compounds where the German patterns allow it', () => {
    expect(shown(hyphenateWord('Medienentwicklungsplanung'))).toBe('Medi|en|ent|wick|lungs|pla|nung');
    expect(shown(hyphenateWord('Bürgerbeteiligungsverfahren'))).toBe('Bürger|be|tei|li|gungs|ver|fahren');
    expect(shown(hyphenateWord('Abwasserbeseitigungskonzept'))).toBe('Abwas|ser|be|sei|ti|gungs|kon|zept');
    expect(shown(hyphenateWord('Straßenbeleuchtung'))).toBe('Stra|ßen|be|leuch|tung');
  });

  it('keeps at least four letters before and after every break', () => {
    // The patterns allow "Kin-der-ta-ges-stät-ten"; the first and last two fall away.
    expect(shown(hyphenateWord('Kindertagesstätten'))).toBe('Kinder|ta|ges|stätten');
    expect(shown(hyphenateWord('Oberbürgermeisterin'))).toBe('Ober|bür|ger|meis|terin');
  });

  it('leaves words of fewer than ten letters alone', () => {
    expect(hyphenateWord('Beenden')).toBe('Beenden');
    expect(hyphenateWord('Haushalte')).toBe('Haushalte');
  });

  it('leaves words with digits, in capitals or in camel case alone', () => {
    expect(hyphenateWord('Förderrichtlinie2024')).toBe('Förderrichtlinie2024');
    expect(hyphenateWord('DATENSCHUTZGRUNDVERORDNUNG')).toBe('DATENSCHUTZGRUNDVERORDNUNG');
    expect(hyphenateWord('publiccodeUrl')).toBe('publiccodeUrl');
  });
});

describe('hyphenate', () => {
  it('hyphenates each long part of a compound with explicit hyphens and keeps those hyphens', () => {
    expect(shown(hyphenate('Datenschutz-Grundverordnung'))).toBe('Daten|schutz-Grund|ver|ord|nung');
    expect(hyphenate('Open-Data-Portal')).toBe('Open-Data-Portal');
  });

  it('leaves mail addresses, web addresses, paths and file names whole', () => {
    for (const text of [
      'medienentwicklung@kreis-coesfeld.de',
      'https://www.kreis-coesfeld.de/medienentwicklungsplanung',
      'www.medienentwicklungsplanung.de',
      '/duelmen/beitraege/medienentwicklungsplanung',
      'Medienentwicklungsplanung_2024.pdf',
    ]) {
      expect(hyphenate(text)).toBe(text);
    }
  });

  it('changes nothing but the soft hyphens', () => {
    const title = 'Medienentwicklungsplanung für Grundschulen – Förderanträge & Zuständigkeiten';
    expect(hyphenate(title).replaceAll(SHY, '')).toBe(title);
    expect(hyphenate(title)).not.toBe(title);
  });

  it('is idempotent', () => {
    const once = hyphenate('Die Medienentwicklungsplanung der Kindertagesstätten');
    expect(hyphenate(once)).toBe(once);
  });
});

describe('hyphenateHtml', () => {
  it('hyphenates the text of rendered Markdown but not code, attributes or links that are addresses', () => {
    const html = renderMarkdown([
      '## Medienentwicklungsplanung',
      '',
      'Die Bürgerbeteiligungsverfahren laufen, siehe `Medienentwicklungsplanung` und <https://www.kreis-coesfeld.de/Medienentwicklungsplanung>.',
      '',
      '![Medienentwicklungsplanung im Überblick](/duelmen/dateien/1 "Medienentwicklungsplanung")',
      '',
      '```',
      'Bürgerbeteiligungsverfahren',
      '```',
    ].join('\n'));
    const out = hyphenateHtml(html);
    expect(out).toContain(`<h2 id="medienentwicklungsplanung">Medi${SHY}en${SHY}ent${SHY}wick${SHY}lungs${SHY}pla${SHY}nung</h2>`);
    expect(out).toContain(`Bürger${SHY}be${SHY}tei${SHY}li${SHY}gungs${SHY}ver${SHY}fahren laufen`);
    expect(out).toContain('<code>Medienentwicklungsplanung</code>');
    expect(out).toContain('<pre><code>Bürgerbeteiligungsverfahren\n</code></pre>');
    expect(out).toContain('<a href="https://www.kreis-coesfeld.de/Medienentwicklungsplanung" rel="noopener noreferrer">https://www.kreis-coesfeld.de/Medienentwicklungsplanung</a>');
    expect(out).toContain('alt="Medienentwicklungsplanung im Überblick" title="Medienentwicklungsplanung"');
    expect(out.replaceAll(SHY, '')).toBe(html);
  });

  it('leaves entities whole and hyphenates the words around them', () => {
    const out = hyphenateHtml('<p>Straßenbeleuchtung&amp;Kindertagesstätten &quot;Medienentwicklungsplanung&quot; &#x00e4;&nbsp;Datenschutzerklärung</p>');
    expect(shown(out)).toBe('<p>Stra|ßen|be|leuch|tung&amp;Kinder|ta|ges|stätten &quot;Medi|en|ent|wick|lungs|pla|nung&quot; &#x00e4;&nbsp;Daten|schutz|er|klä|rung</p>');
  });

  it('skips kbd and nested code elements and resumes after them', () => {
    const out = hyphenateHtml('<p><kbd>Umschalttastenkombination</kbd> <strong>Umschalttastenkombination</strong></p><pre><span>Kindertagesstätten</span></pre><p>Kindertagesstätten</p>');
    expect(shown(out)).toBe('<p><kbd>Umschalttastenkombination</kbd> <strong>Umschalt|tas|ten|kom|bi|na|tion</strong></p><pre><span>Kindertagesstätten</span></pre><p>Kinder|ta|ges|stätten</p>');
  });

  it('does not touch attribute values that contain a ">"', () => {
    const html = `<a title='a > Medienentwicklungsplanung' href="/x">Medienentwicklungsplanung</a>`;
    expect(shown(hyphenateHtml(html))).toBe(`<a title='a > Medienentwicklungsplanung' href="/x">Medi|en|ent|wick|lungs|pla|nung</a>`);
  });

  it('reads a tag that never ends as text at once, without backtracking', () => {
    const html = `<p>Medienentwicklungsplanung <a title="x" ${'b'.repeat(5000)}`;
    const out = hyphenateHtml(html);
    expect(out.replaceAll(SHY, '')).toBe(html);
    expect(out).toContain(`Medi${SHY}en`);
  });

  it('is idempotent', () => {
    const once = hyphenateHtml(renderMarkdown('Die *Medienentwicklungsplanung* der Kindertagesstätten'));
    expect(hyphenateHtml(once)).toBe(once);
  });
});

describe('text copied from a hyphenated page', () => {
  // Chromium copies soft hyphens to the clipboard; a title pasted into the editor keeps them.
  it('gives the same Beitrag slug and heading anchor as the title without soft hyphens', () => {
    const title = 'Medienentwicklungsplanung für Grundschulen';
    expect(slugifyTitle(hyphenate(title))).toBe(slugifyTitle(title));
    expect(slugifyTitle(hyphenate(title))).toBe('medienentwicklungsplanung-fuer-grundschulen');
    expect(slugifyHeading(hyphenate(title))).toBe(slugifyHeading(title));
  });
});
