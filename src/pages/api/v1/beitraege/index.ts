import { apiEndpoint } from '../../../../lib/api/route';
import { parseListQuery } from '../../../../lib/api/params';
import { encodeCursor } from '../../../../lib/api/cursor';
import { jsonResponse, newest } from '../../../../lib/api/respond';
import { origin, summaryJson } from '../../../../lib/api/serialize';
import { listDocumentsAfter } from '../../../../lib/documents/keyset';

/**
 * Published Beiträge the caller may read (visibility.ts through listDocumentsAfter), newest
 * first, a page at a time with an opaque cursor.
 */
export const { GET, HEAD } = apiEndpoint(({ request, url, locals }) => {
  const { filter, after, limit } = parseListQuery(url);
  const page = listDocumentsAfter(locals.viewer, filter, after, limit);
  let next: { cursor: string; url: string } | null = null;
  if (page.next) {
    const cursor = encodeCursor(page.next);
    const nextUrl = new URL(`${origin()}${url.pathname}${url.search}`);
    nextUrl.searchParams.set('cursor', cursor);
    next = { cursor, url: nextUrl.toString() };
  }
  return jsonResponse(
    request,
    { items: page.items.map(summaryJson), limit, next },
    { personal: locals.apiToken !== null, lastModified: newest(...page.items.map((d) => d.publishedAt)) },
  );
});
