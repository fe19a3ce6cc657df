import { getConfig } from '../config';
import type { Viewer } from '../auth/viewer';
import { isStaff } from '../auth/viewer';
import type { DocumentSummary } from '../documents/list';
import type { DocumentData } from '../documents/data';
import type { DocumentRow, RenderedRevision } from '../documents/store';
import { LICENCE_LABELS, STATUS_LABELS, TOPIC_LABELS, TYPE_FIELDS, TYPE_LABELS, VISIBILITY_LABELS, type DocumentType, type Topic } from '../documents/vocabulary';
import type { ArtefactWithVersions } from '../files/artefacts';
import { FILE_KINDS, isFileKind } from '../files/types';
import type { ReuseRow } from '../reuse/reuses';
import { REUSE_STATUS_LABELS } from '../reuse/vocabulary';
import { getTenant } from '../tenants/registry';
import { showReferences } from '../council/present';
import { publiccodePath } from '../publiccode/eligibility';

// JSON shapes of the read API. Field names are English and stable; where a value is a key
// of the hub's vocabulary, it comes with its German label ({ key, label }). The OpenAPI
// document (openapi.ts) describes exactly these shapes, and the tests hold every answer to it.

export const origin = () => getConfig().origin;

export const labelled = <K extends string>(key: K, labels: Record<K, string>) => ({ key, label: labels[key] });

export function tenantRef(slug: string) {
  const t = getTenant(slug);
  return { slug: t.slug, name: t.name, shortName: t.shortName };
}

export const documentUrl = (tenant: string, slug: string) => `${origin()}/${tenant}/beitraege/${slug}`;
export const documentApiUrl = (tenant: string, slug: string) => `${origin()}/api/v1/beitraege/${tenant}/${slug}`;

export function summaryJson(doc: DocumentSummary) {
  return {
    id: doc.id,
    kommune: tenantRef(doc.tenant),
    slug: doc.slug,
    type: labelled(doc.type, TYPE_LABELS),
    title: doc.title,
    summary: doc.summary,
    visibility: labelled(doc.visibility, VISIBILITY_LABELS),
    topics: doc.topics.map((t) => labelled(t, TOPIC_LABELS)),
    stand: doc.stand,
    reviewDue: doc.reviewDue,
    publishedAt: doc.publishedAt,
    url: documentUrl(doc.tenant, doc.slug),
    apiUrl: documentApiUrl(doc.tenant, doc.slug),
  };
}

function fieldsJson(type: DocumentType, data: DocumentData, html: RenderedRevision) {
  return TYPE_FIELDS[type]
    .filter((def) => data.fields[def.name])
    .map((def) => ({
      name: def.name,
      label: def.label,
      kind: def.kind,
      value: data.fields[def.name]!,
      ...(def.kind === 'markdown' ? { html: html.fields[def.name] ?? '' } : {}),
      ...(def.name === 'lizenz' && data.fields[def.name]! in LICENCE_LABELS ? { valueLabel: LICENCE_LABELS[data.fields[def.name] as keyof typeof LICENCE_LABELS] } : {}),
    }));
}

function filesJson(files: ArtefactWithVersions[]) {
  return files.map((a) => ({
    id: a.id,
    title: a.title,
    description: a.description,
    licence: { key: a.licence, label: a.licence in LICENCE_LABELS ? LICENCE_LABELS[a.licence as keyof typeof LICENCE_LABELS] : a.licence },
    updatedAt: a.updatedAt,
    versions: a.versions.map((v) => ({
      id: v.id,
      version: v.version,
      fileName: v.fileName,
      size: v.size,
      mediaType: isFileKind(v.kind) ? FILE_KINDS[v.kind].mime : 'application/octet-stream',
      sha256: v.sha256,
      createdAt: v.createdAt,
      downloadUrl: `${origin()}/api/v1/dateien/${v.id}`,
    })),
  }));
}

/** Notes and contacts name people of other administrations: signed-in staff only, as on the Beitrag page. */
function reusesJson(reuses: ReuseRow[], viewer: Viewer | null) {
  const staff = isStaff(viewer);
  return reuses.map((r) => ({
    kommune: tenantRef(r.tenant),
    status: labelled(r.status, REUSE_STATUS_LABELS),
    note: staff && r.note ? r.note : null,
    contact: staff && r.contact ? r.contact : null,
    updatedAt: r.updatedAt,
  }));
}

export interface DocumentParts {
  doc: DocumentRow;
  data: DocumentData;
  bodyMd: string;
  html: RenderedRevision;
  files: ArtefactWithVersions[];
  reuses: ReuseRow[];
}

export function documentJson(parts: DocumentParts, viewer: Viewer | null) {
  const { doc, data, bodyMd, html, files, reuses } = parts;
  const status = doc.status === 'archiviert' ? 'archiviert' : 'veroeffentlicht';
  const publiccode = publiccodePath(doc, data);
  return {
    id: doc.id,
    kommune: tenantRef(doc.tenant),
    slug: doc.slug,
    type: labelled(data.type, TYPE_LABELS),
    status: labelled(status, STATUS_LABELS),
    title: data.title,
    summary: data.summary,
    visibility: labelled(data.visibility, VISIBILITY_LABELS),
    topics: data.topics.map((t: Topic) => labelled(t, TOPIC_LABELS)),
    tags: data.tags,
    stand: data.stand,
    reviewDue: data.reviewDue,
    publishedAt: doc.publishedAt,
    updatedAt: doc.updatedAt,
    contact: { mailbox: data.contact.mailbox, person: data.contact.person },
    fields: fieldsJson(data.type, data, html),
    body: { markdown: bodyMd, html: html.body },
    references: showReferences(data.references).map((r) => ({
      drucksache: r.drucksache,
      title: r.title,
      system: r.system,
      url: r.url,
      webUrl: r.href,
      paper: r.paper ? { name: r.paper.name, reference: r.paper.reference, date: r.paper.date, body: r.paper.body } : null,
    })),
    files: filesJson(files),
    reuses: reusesJson(reuses, viewer),
    url: documentUrl(doc.tenant, doc.slug),
    publiccodeUrl: publiccode ? `${origin()}${publiccode}` : null,
  };
}
