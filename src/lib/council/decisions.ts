import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '../db/client';
import { cachedRead } from '../db/read-cache';
import { documents } from '../db/schema';
import type { Viewer } from '../auth/viewer';
import { listableWhere, listAudienceKey } from '../documents/visibility';
import type { StoredReference } from './links';
import { showReferences, type ShownReference } from './present';

/** One council paper with the Beiträge (readable by the viewer) that name it. */
export interface CouncilDecision {
  reference: ShownReference;
  documents: { tenant: string; slug: string; title: string }[];
}

/**
 * A Kommune's published Beiträge grouped by the council papers their live revision names,
 * newest decision first (OParl date where fetched, then the number). Cached per audience
 * until the next write, like the lists.
 */
export function listCouncilDecisions(viewer: Viewer | null, tenant: string): readonly CouncilDecision[] {
  return cachedRead(`council|${listAudienceKey(viewer)}|${tenant}`, () => {
    const rows = getDb()
      .select({ tenant: documents.tenant, slug: documents.slug, title: documents.title, ref: sql<string>`j.value` })
      .from(documents)
      .innerJoin(sql`revisions r`, sql`r.id = ${documents.liveRevisionId}`)
      .innerJoin(sql`json_each(r.data, '$.references') j`, sql`1 = 1`)
      .where(and(listableWhere(viewer), eq(documents.tenant, tenant)))
      .all();
    const byNumber = new Map<string, { ref: StoredReference; documents: CouncilDecision['documents'] }>();
    for (const row of rows) {
      let ref: StoredReference;
      try {
        ref = JSON.parse(row.ref) as StoredReference;
      } catch {
        continue;
      }
      const key = ref.drucksache.trim();
      const entry = byNumber.get(key) ?? { ref, documents: [] };
      if (!entry.documents.some((d) => d.slug === row.slug)) entry.documents.push({ tenant: row.tenant, slug: row.slug, title: row.title });
      byNumber.set(key, entry);
    }
    const entries = [...byNumber.values()];
    const shown = showReferences(entries.map((e) => e.ref));
    return entries
      .map((e, i) => ({ reference: shown[i]!, documents: e.documents }))
      .sort((a, b) => (b.reference.paper?.date ?? '').localeCompare(a.reference.paper?.date ?? '') || a.reference.drucksache.localeCompare(b.reference.drucksache, 'de', { numeric: true }));
  });
}
