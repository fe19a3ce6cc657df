/** The `seite` query parameter as a page number ≥ 1 (anything else is page 1). */
export function parsePage(url: URL): number {
  const raw = url.searchParams.get('seite');
  const n = raw && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return n >= 1 ? n : 1;
}

/** The URL with one query parameter replaced (or removed when value is null). */
export function withParam(url: URL, name: string, value: string | null): string {
  const next = new URL(url);
  if (value === null) next.searchParams.delete(name);
  else next.searchParams.set(name, value);
  return next.pathname + (next.search || '');
}
