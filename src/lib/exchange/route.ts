import type { AstroGlobal } from 'astro';
import { notFound } from '../http/errors';
import { EXCHANGE_KINDS } from '../db/schema';
import type { ExchangeKind } from './vocabulary';

/** The kind and id named by /austausch/[art]/[id]; anything else is 404. */
export function exchangeParams(astro: Pick<AstroGlobal, 'params'>): { kind: ExchangeKind; id: number } {
  const kind = EXCHANGE_KINDS.find((k) => k === astro.params['art']);
  const raw = astro.params['id'] ?? '';
  if (!kind || !/^\d{1,9}$/.test(raw)) throw notFound();
  return { kind, id: Number(raw) };
}
