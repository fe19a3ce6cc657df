const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', shy: '' };

/** Plain text of sanitised HTML: block ends become spaces so words never run together. */
export function htmlToText(html: string): string {
  return html
    .replace(/<\/(p|li|h[1-6]|td|th|tr|blockquote|pre|div)>|<br\s*\/?>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The hub's own pages (Hilfe, Über) name example searches and labels of the interface in
 * quotes („Gebührenbescheid“) and as code (`Schule -Grundschule`); indexed, they would put
 * the Hilfe page among the results for those words. Their index text leaves them out.
 */
export function withoutQuotedExamples(html: string): string {
  // An ellipsis in their place keeps the page's excerpt in search results readable.
  return html.replace(/<code\b[^>]*>[\s\S]*?<\/code>/g, '…').replace(/„[^“„<]{1,120}“/g, '„…“');
}
