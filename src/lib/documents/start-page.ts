import type { Viewer } from '../auth/viewer';
import { isStaff } from '../auth/viewer';
import { reusesForTenant, type ReuseWithDocument } from '../reuse/reuses';
import { findTenant } from '../tenants/registry';
import type { Tenant } from '../tenants/schema';
import { listDocuments, type DocumentSummary } from './list';
import { TOPICS, type Topic } from './vocabulary';

/**
 * What the start page shows, each Beitrag once: for signed-in staff first what is new in their
 * own Kommunen, then the newest Beiträge, then per Themenfeld those not shown yet. Everything
 * depends only on the viewer's memberships, so the page may be shared within an audience.
 */
export interface StartPage {
  mine: { tenant: Tenant; items: DocumentSummary[]; reusedByOthers: ReuseWithDocument[] }[];
  newest: DocumentSummary[];
  topics: { topic: Topic; items: DocumentSummary[]; total: number }[];
}

const NEWEST = 6;
const PER_TOPIC = 3;
const PER_KOMMUNE = 3;
const KOMMUNEN = 3;

export function buildStartPage(viewer: Viewer | null): StartPage {
  const shown = new Set<number>();
  const take = (items: DocumentSummary[], n: number) => {
    const fresh = items.filter((d) => !shown.has(d.id)).slice(0, n);
    for (const d of fresh) shown.add(d.id);
    return fresh;
  };
  const mine: StartPage['mine'] = [];
  if (isStaff(viewer)) {
    for (const slug of Object.keys(viewer.memberships).sort().slice(0, KOMMUNEN)) {
      const tenant = findTenant(slug);
      if (!tenant) continue;
      const items = take(listDocuments(viewer, { tenant: slug, pageSize: PER_KOMMUNE }).items, PER_KOMMUNE);
      const reusedByOthers = reusesForTenant(viewer, slug)
        .reusedByOthers.sort((a, b) => (a.reuse.updatedAt < b.reuse.updatedAt ? 1 : -1))
        .slice(0, 3);
      mine.push({ tenant, items, reusedByOthers });
    }
  }
  const newest = take(listDocuments(viewer, { pageSize: NEWEST + shown.size }).items, NEWEST);
  const topics = TOPICS.map((topic) => {
    const page = listDocuments(viewer, { topic, pageSize: PER_TOPIC + shown.size });
    return { topic, items: take(page.items, PER_TOPIC), total: page.total };
  }).filter((t) => t.items.length > 0);
  return { mine, newest, topics };
}
