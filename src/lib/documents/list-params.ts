import { findTenant } from '../tenants/registry';
import { parsePage } from '../http/query';
import type { ListFilter } from './list';
import { DOCUMENT_TYPES, TOPICS, type DocumentType, type Topic } from './vocabulary';

export const SORT_LABELS = { neueste: 'Neueste zuerst', titel: 'Titel (A–Z)' } as const;
export type ListSort = keyof typeof SORT_LABELS;

/**
 * The list filters from the query string (art, thema, kommune, sortierung, seite).
 * Unknown values are ignored rather than answered with an error: they come from
 * hand-edited or outdated links.
 */
export function parseListParams(url: URL): Required<Pick<ListFilter, 'sort' | 'page'>> & Pick<ListFilter, 'type' | 'topic' | 'tenant'> {
  const p = url.searchParams;
  const type = DOCUMENT_TYPES.find((t) => t === p.get('art')) as DocumentType | undefined;
  const topic = TOPICS.find((t) => t === p.get('thema')) as Topic | undefined;
  const tenant = findTenant(p.get('kommune') ?? '')?.slug;
  const sort: ListSort = p.get('sortierung') === 'titel' ? 'titel' : 'neueste';
  return { sort, page: parsePage(url), ...(type ? { type } : {}), ...(topic ? { topic } : {}), ...(tenant ? { tenant } : {}) };
}
