/**
 * Extra search terms (parts of compound words, synonyms) are written into the indexed
 * text as one "__part_part__" token right after the word they belong to: pagefind
 * splits it at the underscores and indexes every part (with German stemming), and the
 * excerpt around a match on a part is centred on the compound. The search page removes
 * these tokens from excerpts and moves the highlight onto the word before them.
 */
export function hiddenToken(terms: string[]): string | null {
  const parts = terms.map((t) => t.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_+|_+$/g, '')).filter(Boolean);
  return parts.length > 0 ? `__${parts.join('_')}__` : null;
}
