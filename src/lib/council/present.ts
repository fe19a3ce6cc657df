import { formatDate } from '../format';
import { councilLink, type CouncilSystem, type StoredReference } from './links';
import { findCouncilPapers, type CouncilPaper } from './papers';

/** A reference as the Beitrag page, the API and the Kommune page show it. */
export interface ShownReference {
  drucksache: string;
  /** The editor's title, else the paper's name from OParl. */
  title: string | null;
  system: CouncilSystem | null;
  /** The address as entered (for OParl the API object). */
  url: string | null;
  /** Where a person should go: the paper's web page named by OParl, else the address entered. */
  href: string | null;
  /** Facts fetched from OParl, when the fetch succeeded. */
  paper: Pick<CouncilPaper, 'name' | 'reference' | 'date' | 'body' | 'web'> | null;
}

export function showReferences(references: readonly StoredReference[]): ShownReference[] {
  const links = references.map((r) => councilLink(r));
  const papers = findCouncilPapers(links.flatMap((l) => (l?.system === 'oparl' ? [l.url] : [])));
  return references.map((r, i) => {
    const link = links[i] ?? null;
    const stored = link?.system === 'oparl' ? papers.get(link.url) : undefined;
    const paper = stored?.status === 'ok' ? { name: stored.name, reference: stored.reference, date: stored.date, body: stored.body, web: stored.web } : null;
    const href = paper?.web ?? link?.url ?? null;
    // Stored links were checked on input; older data is checked again, since it becomes an href.
    return { drucksache: r.drucksache, title: r.title ?? paper?.name ?? null, system: link?.system ?? null, url: link?.url ?? null, href: href && /^https?:\/\//i.test(href) ? href : null, paper };
  });
}

/** "(Kreistag, 28.01.2021)", or '' when OParl named neither. */
export function decisionFacts(ref: ShownReference): string {
  const parts = [ref.paper?.body, ref.paper?.date ? formatDate(ref.paper.date) : null].filter(Boolean);
  return parts.length ? `(${parts.join(', ')})` : '';
}
