import { mayBeCompound, splitCompound, type Lexicon } from './decompound';
import { hiddenToken } from './hidden-terms';
import type { SynonymGroups } from './synonyms';

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
 * first occurrence of each compound, and the other terms of a synonym group after the
 * first occurrence of any of its terms.
 */
export function createEnricher(lexicon: Lexicon, synonyms: SynonymGroups): Enricher {
  const memo = new Map<string, string[] | null>();
  const groups = synonyms.map((terms) => terms.map((t) => ({ term: t, pattern: termPattern(t) })));
  return (text) => {
    const inserts = new Map<number, string[]>();
    const add = (at: number, token: string | null) => {
      if (token) inserts.set(at, [...(inserts.get(at) ?? []), token]);
    };
    const seen = new Set<string>();
    for (const m of text.matchAll(/\p{L}[\p{L}\p{N}]*/gu)) {
      const word = m[0].toLowerCase();
      if (!mayBeCompound(word) || seen.has(word)) continue;
      seen.add(word);
      const parts = splitCompound(word, lexicon, memo);
      if (parts.length > 0) add(m.index + m[0].length, hiddenToken(parts));
    }
    for (const group of groups) {
      for (const { pattern } of group) {
        const m = pattern.exec(text);
        if (!m) continue;
        add(m.index + m[0].length, hiddenToken(group.filter((g) => g.pattern !== pattern).flatMap((g) => g.term.split(/\s+/))));
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
