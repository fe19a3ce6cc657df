/**
 * The facts of a search hit packed into one pagefind meta value as hex of its JSON: pagefind
 * searches every meta field word by word, and a hex string is one word nobody types, so
 * Kommune, Art, Themenfelder, Stand and the record key stay out of the ranked text. The
 * search page unpacks it (src/scripts/search/meta.ts, which browser code may import).
 */
export function packMeta(meta: Record<string, string>): string {
  return Buffer.from(JSON.stringify(meta), 'utf8').toString('hex');
}

export function unpackMeta(packed: string): Record<string, string> {
  return JSON.parse(Buffer.from(packed, 'hex').toString('utf8')) as Record<string, string>;
}
