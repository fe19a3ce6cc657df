/** A readable URL slug from a German title: umlauts transliterated, at most 80 characters. */
export function slugifyTitle(title: string): string {
  const slug = title
    // Soft hyphens (a title copied from a page of the hub) would become dashes inside words.
    .replace(/\u00ad/g, '')
    .toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return slug || 'beitrag';
}
