/**
 * The facts of a search hit packed into one pagefind meta value as hex of its JSON: pagefind
 * searches every meta field word by word, and a hex string is one word nobody types, so
 * Kommune, Art, Themenfelder, Stand and the record key stay out of the ranked text. The
 * search page unpacks it (src/scripts/search/meta.ts, which browser code may import).
 */
export function packMeta(meta: Record<string, string>): string {
  return Buffer.from(JSON.stringify(meta), 'utf8').toString('hex');
}

/**
 * Pagefind indexes the values of meta fields as words too, so each page's packed meta is a
 * word of the index that no query asks for (about 400 hex digits). compact.ts leaves it out.
 */
export function isPackedMeta(word: string): boolean {
  return word.length >= 20 && word.length % 2 === 0 && /^7b22[0-9a-f]*7d$/.test(word);
}

export function unpackMeta(packed: string): Record<string, string> {
  return JSON.parse(Buffer.from(packed, 'hex').toString('utf8')) as Record<string, string>;
}
