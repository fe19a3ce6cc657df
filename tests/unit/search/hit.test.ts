import { describe, expect, it } from 'vitest';
import { sameState, stateOf, statusText, viewOf } from '../../../src/scripts/search/hit';

// What the server's first page and the page's script both say of a search and its hits.
describe('a search as the address holds it', () => {
  it('reads the query without soft hyphens and at most 200 characters, and only the known filters', () => {
    const s = stateOf(new URLSearchParams({ q: `  Schul\u00adsozial\u00adarbeit ${'x'.repeat(300)}`, kommune: 'Olfen', farbe: 'blau', sortierung: 'datum' }));
    expect(s.q.startsWith('Schulsozialarbeit x')).toBe(true);
    expect(s.q).toHaveLength(200);
    expect(s.filters).toEqual({ kommune: 'Olfen' });
    expect(s.sort).toBe('datum');
    expect(stateOf(new URLSearchParams('sortierung=irgendwas')).sort).toBe('relevanz');
  });

  it('is the same search whatever the order of its parameters or a page number', () => {
    expect(sameState(stateOf(new URLSearchParams('q=Schule&art=Leitfaden&seite=3')), stateOf(new URLSearchParams('art=Leitfaden&q=Schule')))).toBe(true);
    expect(sameState(stateOf(new URLSearchParams('q=Schule&art=Leitfaden')), stateOf(new URLSearchParams('q=Schule')))).toBe(false);
    expect(sameState(stateOf(new URLSearchParams('q=Schule')), stateOf(new URLSearchParams('q=Schule&sortierung=datum')))).toBe(false);
  });
});

describe('the status line and a hit', () => {
  it('counts in German and names the words searched, the spelling run instead and the filters', () => {
    expect(statusText(1234, { q: 'Schule', suggestion: null, ranSuggestion: false, filtered: false })).toBe('1.234 Treffer für „Schule“.');
    expect(statusText(3, { q: 'Shule', suggestion: 'Schule', ranSuggestion: true, filtered: true })).toBe('3 Treffer für „Schule“ mit den gewählten Filtern.');
    expect(statusText(0, { q: 'Xylophon', suggestion: null, ranSuggestion: false, filtered: false })).toBe('Keine Treffer für „Xylophon“. Versuchen Sie einen anderen Suchbegriff oder entfernen Sie Filter.');
  });

  it('shows Art, Kommune and Stand in German date order, the Themenfelder and the excerpt without hidden terms', () => {
    const view = viewOf({ url: '/olfen/beitraege/x', excerpt: 'Die <mark>Schulsozialarbeit</mark> _ wirkt', meta: { title: 'Titel', art: 'Erfahrungsbericht', kommune: 'Olfen', stand: '2025-03-01', themen: 'Schule, Soziales' } });
    expect(view.title).toBe('Titel');
    expect(view.facts).toBe('Erfahrungsbericht · Olfen · Stand: 01.03.2025');
    expect(view.topics).toEqual(['Schule', 'Soziales']);
    expect(view.excerpt.map((p) => (p.mark ? `[${p.text}]` : p.text)).join('')).not.toContain('_');
    expect(view.excerpt.some((p) => p.mark && p.text.includes('Schulsozialarbeit'))).toBe(true);
  });
});
