import { listTenants } from '../tenants/registry';
import { listDocuments } from './list';
import { TOPICS } from './vocabulary';

function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

// Generous: the whole district writes a few hundred Beiträge a year; the protocol allows 50 000 URLs.
const MAX_DOCUMENTS = 40_000;

/** sitemap.xml: hub pages, Kommunen, Themenfelder and every public Beitrag (as an anonymous reader sees them). */
export function buildSitemap(origin: string): string {
  const urls: { loc: string; lastmod?: string }[] = [
    { loc: '/' },
    { loc: '/beitraege' },
    { loc: '/kommunen' },
    { loc: '/themenfelder' },
    { loc: '/ueber' },
    { loc: '/hilfe' },
    ...listTenants().map((t) => ({ loc: `/${t.slug}/` })),
    ...TOPICS.map((t) => ({ loc: `/themenfelder/${t}` })),
  ];
  for (const doc of listDocuments(null, { pageSize: MAX_DOCUMENTS }).items) {
    urls.push({ loc: `/${doc.tenant}/beitraege/${doc.slug}`, ...(doc.publishedAt ? { lastmod: doc.publishedAt.slice(0, 10) } : {}) });
  }
  const body = urls
    .map((u) => `  <url><loc>${xml(origin + u.loc)}</loc>${u.lastmod ? `<lastmod>${u.lastmod}</lastmod>` : ''}</url>`)
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}\n</urlset>\n`;
}
