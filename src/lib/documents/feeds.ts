import { getTenant } from '../tenants/registry';
import { listDocuments, type ListFilter } from './list';
import { TOPIC_LABELS, TYPE_LABELS } from './vocabulary';

export const FEED_SIZE = 50;

function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function atomDate(iso: string | null): string {
  const d = iso ? new Date(iso) : new Date(0);
  return Number.isNaN(d.getTime()) ? new Date(0).toISOString() : d.toISOString();
}

/**
 * An Atom feed of public Beiträge. Feeds are always built for an anonymous
 * reader, whoever asks: a feed reader has no session and a shared feed URL must
 * never carry internal content.
 */
export function buildAtomFeed(options: { origin: string; path: string; title: string; filter: Omit<ListFilter, 'page' | 'pageSize' | 'sort'> }): string {
  const { origin, path, title, filter } = options;
  const { items } = listDocuments(null, { ...filter, sort: 'neueste', pageSize: FEED_SIZE });
  const updated = atomDate(items[0]?.publishedAt ?? null);
  const entries = items.map((doc) => {
    const url = `${origin}/${doc.tenant}/beitraege/${doc.slug}`;
    const tenant = getTenant(doc.tenant);
    const categories = [TYPE_LABELS[doc.type], ...doc.topics.map((t) => TOPIC_LABELS[t])]
      .map((c) => `    <category term="${xml(c)}"/>`)
      .join('\n');
    return [
      '  <entry>',
      `    <id>urn:wissensnetz:beitrag:${doc.id}</id>`,
      `    <title>${xml(doc.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xml(url)}"/>`,
      `    <updated>${atomDate(doc.publishedAt)}</updated>`,
      `    <author><name>${xml(tenant.name)}</name></author>`,
      categories,
      `    <summary>${xml(doc.summary)}</summary>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">',
    `  <id>${xml(origin + path)}</id>`,
    `  <title>${xml(title)}</title>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(origin + path)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(origin + path.replace(/feed\.xml$/, ''))}"/>`,
    `  <updated>${updated}</updated>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

export function atomResponse(body: string): Response {
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8', 'Cache-Control': 'public, max-age=300' } });
}
