import { createHash } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { getDb } from '../db/client';
import { documents, revisions } from '../db/schema';
import { getStaticPage } from '../content/pages';
import { artefactStamps, artefactTextsFor, newestArtefactVersions } from '../files/artefacts';
import { cachedFileText, readTexts } from './text-cache';
import type { DocumentData } from '../documents/data';
import { parseRevision } from '../documents/store';
import { indexAudience } from '../documents/visibility';
import { TOPIC_LABELS, TYPE_FIELDS, TYPE_LABELS } from '../documents/vocabulary';
import { fieldText } from '../documents/fields';
import { getTenant } from '../tenants/registry';
import { htmlToText, withoutQuotedExamples } from './text';
import { listExchangeIndexEntries, loadExchangeRecords } from '../exchange/search-records';

/** One entry of a search index: a published Beitrag, a static page from content/seiten, or a question, answer or comment (exchange/search-records.ts). */
export interface SearchRecord {
  /** "doc:<id>", "page:<name>", "question:<id>", "answer:<id>" or "comment:<id>". */
  key: string;
  audience: string;
  url: string;
  title: string;
  /** Summary, weighted above the body. */
  lead: string;
  /** Schlagworte, weighted above the summary. */
  tags: string[];
  /** Plain text of facts and body. */
  text: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
  stand: string;
}

/** What decides whether an index entry is still current: audience plus a fingerprint of its content. */
export interface IndexEntry {
  key: string;
  audience: string;
  fingerprint: string;
}

/** Static pages from content/seiten that are searchable like Beiträge (public). */
export const SEARCHABLE_PAGES = [
  { name: 'ueber', url: '/ueber' },
  { name: 'hilfe', url: '/hilfe' },
] as const;

const PAGE_TYPE = 'Seite';

function pageRecord(p: (typeof SEARCHABLE_PAGES)[number]): SearchRecord | null {
  const page = getStaticPage(p.name);
  if (!page) return null;
  return {
    key: `page:${p.name}`,
    audience: 'public',
    url: p.url,
    title: page.title,
    lead: page.summary,
    tags: [],
    text: htmlToText(withoutQuotedExamples(page.html)),
    meta: { title: page.title, art: PAGE_TYPE, kommune: '', themen: '', stand: '' },
    filters: { art: [PAGE_TYPE] },
    stand: '',
  };
}

function fingerprintOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * Every entry that belongs into an index now, cheaply (no revision bodies): published
 * Beiträge with their live revision, and the static pages.
 */
export function listIndexEntries(): IndexEntry[] {
  const rows = getDb()
    .select({ id: documents.id, tenant: documents.tenant, visibility: documents.visibility, slug: documents.slug, live: documents.liveRevisionId })
    .from(documents)
    .where(eq(documents.status, 'veroeffentlicht'))
    .all();
  const files = artefactStamps();
  // How many of a Beitrag's file texts have been read: when one comes in, the entry is indexed anew with it.
  const read = readTexts();
  const texts = new Map<number, number>();
  for (const v of newestArtefactVersions()) if (read.has(v.sha256)) texts.set(v.documentId, (texts.get(v.documentId) ?? 0) + 1);
  const entries: IndexEntry[] = rows
    .filter((r) => r.live !== null)
    .map((r) => ({ key: `doc:${r.id}`, audience: indexAudience(r), fingerprint: `${r.live}|${r.visibility}|${r.tenant}/${r.slug}|${files.get(r.id) ?? ''}|${texts.get(r.id) ?? 0}` }));
  for (const p of SEARCHABLE_PAGES) {
    const rec = pageRecord(p);
    if (rec) entries.push({ key: rec.key, audience: rec.audience, fingerprint: fingerprintOf(`${rec.title}\n${rec.lead}\n${rec.text}`) });
  }
  entries.push(...listExchangeIndexEntries());
  return entries;
}

function factsText(data: DocumentData, html: Record<string, string>): string {
  return TYPE_FIELDS[data.type]
    .map((def) => {
      const value = def.kind === 'markdown' ? htmlToText(html[def.name] ?? '') : fieldText(def, data.fields[def.name]).replace(/\n/g, ', ');
      return value ? `${def.label}: ${value}` : '';
    })
    .filter(Boolean)
    .join(' ');
}

/** Full records for the given keys (all current entries when keys is omitted). */
export function loadRecords(keys?: ReadonlySet<string>): SearchRecord[] {
  const wanted = keys ? [...keys] : null;
  const docIds = (wanted ?? listIndexEntries().map((e) => e.key)).filter((k) => k.startsWith('doc:')).map((k) => Number(k.slice(4)));
  const db = getDb();
  const records: SearchRecord[] = [];
  // Chunks keep the IN list below SQLite's variable limit.
  for (let i = 0; i < docIds.length; i += 500) {
    const chunk = docIds.slice(i, i + 500);
    const rows = db
      .select({ doc: documents, rev: revisions })
      .from(documents)
      .innerJoin(revisions, eq(revisions.id, documents.liveRevisionId))
      .where(inArray(documents.id, chunk))
      .all();
    const files = artefactTextsFor(chunk);
    for (const { doc, rev } of rows) {
      if (doc.status !== 'veroeffentlicht') continue;
      const { data, html } = parseRevision(rev);
      const tenant = getTenant(doc.tenant);
      const topics = data.topics.map((t) => TOPIC_LABELS[t]);
      const type = TYPE_LABELS[data.type];
      // Kommune, Art and Themenfeld are filters and shown facts, not ranked text: "Stadt" must not find every Beitrag of a Stadt.
      const lead = data.summary;
      const fileText = (files.get(doc.id) ?? []).map((f) => `Datei: ${f.title}. ${f.description} ${f.fileName} ${cachedFileText(f.sha256) ?? ''}`.trim()).join(' ');
      const text = [factsText(data, html.fields), htmlToText(html.body), fileText].filter(Boolean).join(' ');
      records.push({
        key: `doc:${doc.id}`,
        audience: indexAudience(doc),
        url: `/${doc.tenant}/beitraege/${doc.slug}`,
        title: data.title,
        lead,
        tags: data.tags,
        text,
        meta: { title: data.title, kommune: tenant.shortName, art: type, themen: topics.join(', '), stand: data.stand },
        filters: { kommune: [tenant.shortName], themenfeld: topics, art: [type], jahr: [data.stand.slice(0, 4)] },
        stand: data.stand,
      });
    }
  }
  for (const p of SEARCHABLE_PAGES) {
    const rec = pageRecord(p);
    if (rec && (!keys || keys.has(rec.key))) records.push(rec);
  }
  records.push(...loadExchangeRecords(keys));
  return records;
}
