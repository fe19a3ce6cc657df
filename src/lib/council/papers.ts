import { eq, inArray } from 'drizzle-orm';
import { IMMEDIATE, getDb } from '../db/client';
import { councilPapers } from '../db/schema';
import { writeAudit } from '../audit/log';
import { councilLink, type StoredReference } from './links';
import { fetchJson, type SafeFetchOptions } from './safe-fetch';

export type CouncilPaper = typeof councilPapers.$inferSelect;

/** What the hub stored about these OParl URLs (fetched or failed); URLs not fetched yet are missing. */
export function findCouncilPapers(urls: readonly string[]): Map<string, CouncilPaper> {
  if (urls.length === 0) return new Map();
  const rows = getDb().select().from(councilPapers).where(inArray(councilPapers.url, [...new Set(urls)])).all();
  return new Map(rows.map((r) => [r.url, r]));
}

/** The OParl URLs among references. */
export function oparlUrls(references: readonly StoredReference[]): string[] {
  return references.flatMap((r) => {
    const link = councilLink(r);
    return link?.system === 'oparl' ? [link.url] : [];
  });
}

/** One OParl URL the hub has not fetched yet, with the Beitrag that names it (for the audit log). */
export interface PendingPaper {
  url: string;
  tenant: string;
  slug: string;
}

/**
 * OParl URLs named by revisions newer than `afterRevisionId` that have no stored result,
 * and the newest revision id seen (revision ids only grow, so the next call starts there).
 */
export function findPendingPapers(afterRevisionId: number): { pending: PendingPaper[]; lastRevisionId: number } {
  const rows = getDb().$client
    .prepare(
      `SELECT r.id AS revisionId, d.tenant AS tenant, d.slug AS slug, j.value AS ref
       FROM revisions r JOIN documents d ON d.id = r.document_id, json_each(r.data, '$.references') j
       WHERE r.id > ? AND json_valid(r.data)
       ORDER BY r.id`,
    )
    .all(afterRevisionId) as { revisionId: number; tenant: string; slug: string; ref: string }[];
  const last = getDb().$client.prepare('SELECT coalesce(max(id), 0) FROM revisions').pluck().get() as number;
  const candidates = new Map<string, PendingPaper>();
  for (const row of rows) {
    let ref: StoredReference;
    try {
      ref = JSON.parse(row.ref) as StoredReference;
    } catch {
      continue;
    }
    for (const url of oparlUrls([ref])) if (!candidates.has(url)) candidates.set(url, { url, tenant: row.tenant, slug: row.slug });
  }
  const known = findCouncilPapers([...candidates.keys()]);
  return { pending: [...candidates.values()].filter((p) => !known.has(p.url)), lastRevisionId: Math.max(afterRevisionId, last) };
}

const OPARL_TYPE = /^https:\/\/schema\.oparl\.org\/1\.[01]\/(Paper|Body)$/;
const text = (v: unknown, max = 500): string | null => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : null);
const webUrl = (v: unknown): string | null => (typeof v === 'string' && /^https?:\/\//i.test(v) && v.length <= 1000 ? v : null);

interface PaperFacts {
  name: string | null;
  reference: string | null;
  date: string | null;
  body: string | null;
  web: string | null;
}

/** Fetches an OParl Paper and the name of its Body (both through the guarded client). */
export async function fetchOparlPaper(url: string, options: SafeFetchOptions): Promise<PaperFacts> {
  const paper = (await fetchJson(url, options)) as Record<string, unknown> | null;
  if (!paper || typeof paper !== 'object' || typeof paper['type'] !== 'string' || !OPARL_TYPE.test(paper['type']) || !paper['type'].endsWith('/Paper')) {
    throw new Error('not an OParl Paper object (type must be https://schema.oparl.org/1.x/Paper)');
  }
  const date = typeof paper['date'] === 'string' && /^\d{4}-\d{2}-\d{2}/.test(paper['date']) ? paper['date'].slice(0, 10) : null;
  let body: string | null = null;
  const bodyRef = paper['body'];
  if (bodyRef && typeof bodyRef === 'object') body = text((bodyRef as Record<string, unknown>)['shortName']) ?? text((bodyRef as Record<string, unknown>)['name']);
  else if (typeof bodyRef === 'string') {
    try {
      const b = (await fetchJson(bodyRef, options)) as Record<string, unknown> | null;
      if (b && typeof b === 'object' && typeof b['type'] === 'string' && b['type'].endsWith('/Body')) body = text(b['shortName']) ?? text(b['name']);
    } catch {
      // The paper's own facts are worth keeping without the body's name.
    }
  }
  return { name: text(paper['name']), reference: text(paper['reference'], 100), date, body, web: webUrl(paper['web']) };
}

/** Fetches one pending paper once and stores the outcome (audited either way). */
export async function fetchAndStorePaper(pending: PendingPaper, options: SafeFetchOptions): Promise<CouncilPaper> {
  const db = getDb();
  let values: typeof councilPapers.$inferInsert;
  try {
    const facts = await fetchOparlPaper(pending.url, options);
    values = { url: pending.url, status: 'ok', ...facts, error: null };
  } catch (err) {
    values = { url: pending.url, status: 'failed', error: String((err as Error).message ?? err).slice(0, 300) };
  }
  return db.transaction(() => {
    const row = db.insert(councilPapers).values(values).onConflictDoUpdate({ target: councilPapers.url, set: values }).returning().get();
    writeAudit({
      action: row.status === 'ok' ? 'oparl.abgerufen' : 'oparl.fehlgeschlagen',
      actor: { id: null, label: 'System (OParl-Abruf)' },
      tenant: pending.tenant,
      object: pending.url,
      detail: row.status === 'ok' ? `${pending.slug}: ${row.reference ?? ''} ${row.name ?? ''} (${row.body ?? '–'}, ${row.date ?? '–'})` : `${pending.slug}: ${row.error ?? ''}`,
    });
    return row;
  }, IMMEDIATE);
}

/** For tests and operators: forget a stored result so the URL is fetched again. */
export function forgetCouncilPaper(url: string): void {
  getDb().delete(councilPapers).where(eq(councilPapers.url, url)).run();
}
