import type { Viewer } from '../auth/viewer';
import { liveRevision } from '../documents/revisions';
import { parseRevision, type DocumentRow } from '../documents/store';
import { canReadDocument } from '../documents/visibility';
import { listArtefacts } from '../files/artefacts';
import { listReusesOf } from '../reuse/reuses';
import { getTenant } from '../tenants/registry';
import { buildPubliccode } from './build';
import { isPubliccodeEligible } from './eligibility';

/**
 * The publiccode.yml of a Beitrag as this viewer may see it, or null when the viewer may not
 * read the Beitrag or it gets none. usedBy lists the Kommunen whose Nachnutzung is
 * "übernommen", as recorded on the Beitrag.
 */
export function publiccodeForDocument(viewer: Viewer | null, doc: DocumentRow, origin: string): string | null {
  if (!canReadDocument(viewer, doc)) return null;
  const revision = liveRevision(doc);
  if (!revision) return null;
  const { data } = parseRevision(revision);
  if (!isPubliccodeEligible(doc, data)) return null;
  const tenant = getTenant(doc.tenant);
  const usedBy = listReusesOf(viewer, doc)
    .filter((r) => r.status === 'uebernommen')
    .map((r) => getTenant(r.tenant).name);
  const newest = listArtefacts(viewer, doc)
    .flatMap((a) => a.versions.slice(0, 1))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  return buildPubliccode({
    tenant,
    status: doc.status,
    data,
    bodyMd: revision.bodyMd,
    pageUrl: `${origin}/${doc.tenant}/beitraege/${doc.slug}`,
    usedBy,
    softwareVersion: newest?.version ?? null,
  });
}
