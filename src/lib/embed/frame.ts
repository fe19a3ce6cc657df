import type { Tenant } from '../tenants/schema';

/** How many Beiträge the framed list may show. */
export const EMBED_COUNTS = [5, 10, 20] as const;
export const DEFAULT_EMBED_COUNT = 5;

/** The `anzahl` query parameter; anything else is the default. */
export function parseEmbedCount(url: URL): number {
  const n = Number(url.searchParams.get('anzahl'));
  return (EMBED_COUNTS as readonly number[]).includes(n) ? n : DEFAULT_EMBED_COUNT;
}

/**
 * frame-ancestors of a Kommune's framed list: the hub itself (for the preview on /einbetten)
 * and exactly the origins its tenant file lists under embedOrigins.
 */
export function frameAncestors(tenant: Pick<Tenant, 'embedOrigins'>): string {
  return ["'self'", ...tenant.embedOrigins].join(' ');
}

export function framePath(tenant: Pick<Tenant, 'slug'>, count: number): string {
  return `/einbetten/${tenant.slug}${count === DEFAULT_EMBED_COUNT ? '' : `?anzahl=${count}`}`;
}

/** The snippet a Kommune puts into its own website. */
export function iframeSnippet(origin: string, tenant: Pick<Tenant, 'slug' | 'shortName'>, count: number): string {
  const height = 120 + count * 64;
  return `<iframe src="${origin}${framePath(tenant, count)}" title="Neueste Beiträge aus ${tenant.shortName} im Wissensnetz Kreis Coesfeld" width="100%" height="${height}" loading="lazy"></iframe>`;
}
