import { compoundParts, knownEnd, mayBeCompound, type CompoundPart, type Lexicon } from './decompound';
import { masculineOf } from './gender';
import { hiddenToken } from './hidden-terms';
import type { SynonymGroups } from './synonyms';
import { thesaurusForms, type Thesaurus } from './thesaurus';

/**
 * Synonym tokens are wrapped in these two control characters (recordHtml removes them from
 * texts before enriching) and become a low-weight element in the indexed HTML: a Beitrag
 * that says the word itself ranks above one that only has a synonym of it.
 */
export const SYNONYM_OPEN = '\u0001';
export const SYNONYM_CLOSE = '\u0002';
/**
 * Compound parts are wrapped too: the head of a compound (its last part) weighs half a
 * written word, a modifier (a part before it) a quarter, relative to the element they stand
 * in (src/lib/search/bundle.ts) — "Photovoltaik … der Stadt" ranks above "Stadtwerke" for
 * "Stadt", "Ladestation" stays a good match for "Station".
 */
export const HEAD_OPEN = '\u0003';
export const HEAD_CLOSE = '\u0004';
export const MODIFIER_OPEN = '\u0005';
export const MODIFIER_CLOSE = '\u0006';
/** Every marker character; recordHtml removes them from texts before enriching. */
export const MARKERS = /[\u0001-\u0006]/g;

/** The heads or the modifiers of a compound as one hidden token in its span (pagefind shares a token's weight among its parts). */
function partTokens(parts: CompoundPart[], head: boolean, open: string, close: string): string | null {
  const token = hiddenToken([...new Set(parts.filter((p) => p.head === head).map((p) => p.part))]);
  return token ? `${open}${token}${close}` : null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A matcher per synonym term: whole words, case-insensitive, spaces flexible. */
function termPattern(term: string): RegExp {
  const words = term.trim().split(/\s+/).map(escapeRegExp).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${words}(?![\\p{L}\\p{N}])`, 'iu');
}

export interface Enricher {
  (text: string): string;
}

/**
 * Adds hidden terms to a text before indexing: the parts of compound words after the
 * first occurrence of each compound (heads and modifiers marked), the thesaurus synonyms of a word and of its parts after
 * its first occurrence, and the other terms of a synonym group (content/suche/synonyme.yml) after
 * the first occurrence of any of its terms. Synonyms are marked (SYNONYM_OPEN/CLOSE).
 */
export function createEnricher(lexicon: Lexicon, synonyms: SynonymGroups, thesaurus: Thesaurus = new Map()): Enricher {
  const memo = new Map<string, CompoundPart[] | null>();
  const synonymToken = (terms: string[]) => {
    const token = hiddenToken(terms);
    return token ? `${SYNONYM_OPEN}${token}${SYNONYM_CLOSE}` : null;
  };
  const groups = synonyms.map((terms) => terms.map((t) => ({ term: t, pattern: termPattern(t) })));
  return (text) => {
    const inserts = new Map<number, string[]>();
    const add = (at: number, token: string | null) => {
      if (token) inserts.set(at, [...(inserts.get(at) ?? []), token]);
    };
    const seen = new Set<string>();
    const synonymsSeen = new Set<string>();
    for (const m of text.matchAll(/\p{L}[\p{L}\p{N}]*/gu)) {
      const word = m[0].toLowerCase();
      if (seen.has(word)) continue;
      seen.add(word);
      const at = m.index + m[0].length;
      // A feminine form is indexed with its masculine one, whose parts are the word's parts:
      // "Sachbearbeiterinnen" is found by "Sachbearbeiter" and by "Bearbeiter".
      const masculine = lexicon.masculine ? masculineOf(word, lexicon.masculine) : null;
      const stem = masculine ?? word;
      let roles = mayBeCompound(stem) ? compoundParts(stem, lexicon, memo) : [];
      // A noun (capitalised) whose first part no dictionary knows still has a known end: "Dockingstation".
      if (roles.length === 0 && /^\p{Lu}/u.test(m[0])) roles = knownEnd(stem, lexicon, memo);
      const parts = roles.map((p) => p.part);
      add(at, partTokens(roles, true, HEAD_OPEN, HEAD_CLOSE));
      add(at, partTokens(roles, false, MODIFIER_OPEN, MODIFIER_CLOSE));
      // Synonyms of the word and of its parts: "Abfallkalender" is found by "Müll" too. The
      // masculine form counts as one: a text that says "Lehrer" ranks above one that says "Lehrerinnen".
      const fresh: string[] = [];
      if (masculine && !seen.has(masculine) && !synonymsSeen.has(masculine)) {
        synonymsSeen.add(masculine);
        fresh.push(masculine);
      }
      for (const w of [word, ...(masculine ? [masculine] : []), ...parts]) {
        const form = thesaurusForms(w).find((f) => thesaurus.has(f));
        for (const synonym of form ? thesaurus.get(form)! : []) {
          if (synonymsSeen.has(synonym)) continue;
          synonymsSeen.add(synonym);
          fresh.push(synonym);
        }
      }
      if (fresh.length > 0) add(at, synonymToken(fresh));
    }
    for (const group of groups) {
      for (const { pattern } of group) {
        const m = pattern.exec(text);
        if (!m) continue;
        add(m.index + m[0].length, synonymToken(group.filter((g) => g.pattern !== pattern).flatMap((g) => g.term.split(/\s+/))));
        break;
      }
    }
    if (inserts.size === 0) return text;
    let out = '';
    let last = 0;
    for (const at of [...inserts.keys()].sort((a, b) => a - b)) {
      out += text.slice(last, at) + ' ' + inserts.get(at)!.join(' ');
      last = at;
    }
    return out + text.slice(last);
  };
}
