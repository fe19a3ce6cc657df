import type { KeysetFilter, ListPosition } from '../documents/keyset';
import { DOCUMENT_TYPES, TOPICS, type DocumentType, type Topic } from '../documents/vocabulary';
import { findTenant } from '../tenants/registry';
import { decodeCursor } from './cursor';
import { ApiProblem, type ParameterError } from './problem';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** The parameters of the Beitrag list, in the order the documentation names them. */
export const LIST_PARAMETERS = ['kommune', 'themenfeld', 'art', 'jahr', 'tag', 'limit', 'cursor'] as const;

function reject(errors: ParameterError[]): never {
  const detail = errors.length === 1 ? errors[0]!.detail : `${errors.length} Parameter sind ungültig.`;
  throw new ApiProblem('invalid-parameter', detail, { errors });
}

/**
 * Query parameters, refusing names the endpoint does not know and repeated names: a typo
 * in a filter must not silently widen the answer to everything.
 */
export function readParameters(url: URL, allowed: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  const errors: ParameterError[] = [];
  for (const [name, value] of url.searchParams) {
    if (!allowed.includes(name)) errors.push({ parameter: name, detail: allowed.length ? `Unbekannter Parameter „${name}“. Erlaubt: ${allowed.join(', ')}.` : `Unbekannter Parameter „${name}“: diese Adresse nimmt keine Parameter an.` });
    else if (values.has(name)) errors.push({ parameter: name, detail: `Der Parameter „${name}“ darf nur einmal vorkommen.` });
    else values.set(name, value);
  }
  if (errors.length) reject(errors);
  return values;
}

export interface ListQuery {
  filter: KeysetFilter;
  after: ListPosition | null;
  limit: number;
}

/** The Beitrag list's filters, page size (capped at MAX_PAGE_SIZE) and cursor; any bad value is a 400. */
export function parseListQuery(url: URL): ListQuery {
  const p = readParameters(url, LIST_PARAMETERS);
  const errors: ParameterError[] = [];
  const filter: KeysetFilter = {};
  const kommune = p.get('kommune');
  if (kommune !== undefined) {
    if (findTenant(kommune)) filter.tenant = kommune;
    else errors.push({ parameter: 'kommune', detail: `Unbekannte Kommune „${kommune}“. Die Kürzel liefert /api/v1/kommunen.` });
  }
  const topic = p.get('themenfeld');
  if (topic !== undefined) {
    if ((TOPICS as readonly string[]).includes(topic)) filter.topic = topic as Topic;
    else errors.push({ parameter: 'themenfeld', detail: `Unbekanntes Themenfeld „${topic}“. Erlaubt: ${TOPICS.join(', ')}.` });
  }
  const type = p.get('art');
  if (type !== undefined) {
    if ((DOCUMENT_TYPES as readonly string[]).includes(type)) filter.type = type as DocumentType;
    else errors.push({ parameter: 'art', detail: `Unbekannte Art „${type}“. Erlaubt: ${DOCUMENT_TYPES.join(', ')}.` });
  }
  const year = p.get('jahr');
  if (year !== undefined) {
    if (/^\d{4}$/.test(year) && Number(year) >= 1900 && Number(year) <= 2999) filter.year = Number(year);
    else errors.push({ parameter: 'jahr', detail: 'Das Jahr muss vierstellig sein, z. B. 2024.' });
  }
  const tag = p.get('tag');
  if (tag !== undefined) {
    if (tag.trim().length >= 1 && tag.length <= 40) filter.tag = tag.trim();
    else errors.push({ parameter: 'tag', detail: 'Ein Schlagwort hat 1 bis 40 Zeichen.' });
  }
  let limit = DEFAULT_PAGE_SIZE;
  const rawLimit = p.get('limit');
  if (rawLimit !== undefined) {
    if (/^\d{1,9}$/.test(rawLimit) && Number(rawLimit) >= 1) limit = Math.min(Number(rawLimit), MAX_PAGE_SIZE);
    else errors.push({ parameter: 'limit', detail: `„limit“ muss eine ganze Zahl ab 1 sein (höchstens ${MAX_PAGE_SIZE} werden geliefert).` });
  }
  if (errors.length) reject(errors);
  const cursor = p.get('cursor');
  return { filter, after: cursor === undefined ? null : decodeCursor(cursor), limit };
}
