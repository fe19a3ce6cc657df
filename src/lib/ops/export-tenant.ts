import fs from 'node:fs';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { stringify } from 'yaml';
import { getDb } from '../db/client';
import { documents, revisions } from '../db/schema';
import type { DocumentData } from '../documents/data';
import { findTenant } from '../tenants/registry';
import { OpsError } from './accounts';
import { listFileReferences } from './file-references';
import { ZipWriter } from './zip';
import { councilLink } from '../council/links';
import { getConfig } from '../config';
import type { Viewer } from '../auth/viewer';
import { publiccodeForDocument } from '../publiccode/for-document';

/** The export is the operator's: it reads like a Kreis admin (every visibility). */
const OPERATOR: Viewer = { id: 'cli', email: '', name: 'Betrieb (CLI)', memberships: {}, isKreisAdmin: true };

/** Front matter in the same shape as content/ files, so an export can be read back by the loader. */
function frontMatter(data: DocumentData, status: string): Record<string, unknown> {
  const fm: Record<string, unknown> = {
    title: data.title,
    type: data.type,
    themenfelder: data.topics,
    tags: data.tags,
    summary: data.summary,
    visibility: data.visibility,
    status,
    stand: data.stand,
  };
  if (data.reviewDue) fm['reviewDue'] = data.reviewDue;
  fm['contact'] = data.contact.person ? { mailbox: data.contact.mailbox, person: data.contact.person } : { mailbox: data.contact.mailbox };
  if (data.references.length) {
    fm['references'] = data.references.map((r) => {
      const link = councilLink(r);
      return { drucksache: r.drucksache, ...(r.title ? { title: r.title } : {}), ...(link ? { [link.system]: link.url } : {}) };
    });
  }
  if (Object.keys(data.fields).length) fm['fields'] = data.fields;
  return fm;
}

function safeFileName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/^\.+/, '_').slice(0, 150);
  return cleaned || 'datei';
}

/**
 * Writes one Kommune's Beiträge as a ZIP: <slug>.md (front matter + Markdown, the live
 * revision, or the latest one for a Beitrag never published) and <slug>/<file> for each
 * of its files, and <slug>.publiccode.yml for published Artefakte of kind Code or
 * Spezifikation. Every status is included; the front matter says which.
 */
export function exportTenant(tenantSlug: string, dataDir: string, out: string): { documents: number; files: number } {
  if (!findTenant(tenantSlug)) throw new OpsError(`Unknown tenant "${tenantSlug}". See "npm run cli -- tenants" for the slugs.`);
  const target = path.resolve(out);
  if (fs.existsSync(target)) throw new OpsError(`${target} already exists; choose another file name.`);
  const db = getDb();
  const docs = db.select().from(documents).where(eq(documents.tenant, tenantSlug)).orderBy(asc(documents.slug)).all();
  const files = listFileReferences(db.$client).filter((f) => f.documentId !== null);
  const partial = `${target}.partial`;
  const fd = fs.openSync(partial, 'wx');
  let fileCount = 0;
  try {
    const zip = new ZipWriter(fd);
    for (const doc of docs) {
      const revisionId = doc.liveRevisionId ?? doc.latestRevisionId;
      const rev = revisionId ? db.select().from(revisions).where(eq(revisions.id, revisionId)).get() : undefined;
      if (!rev) continue;
      const data = JSON.parse(rev.data) as DocumentData;
      const text = `---\n${stringify(frontMatter(data, doc.status), { lineWidth: 0 })}---\n${rev.bodyMd.trimEnd()}\n`;
      zip.add(`${doc.slug}.md`, Buffer.from(text, 'utf8'));
      // Artefakte of kind Code or Spezifikation: their publiccode.yml for openCode, beside the Markdown.
      const publiccode = publiccodeForDocument(OPERATOR, doc, getConfig().origin);
      if (publiccode) zip.add(`${doc.slug}.publiccode.yml`, Buffer.from(publiccode, 'utf8'));
      for (const f of files.filter((x) => x.documentId === doc.id)) {
        zip.add(`${doc.slug}/${safeFileName(f.name)}`, fs.readFileSync(path.join(dataDir, f.path)));
        fileCount++;
      }
    }
    zip.finish();
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(partial, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  fs.renameSync(partial, target);
  return { documents: docs.length, files: fileCount };
}
