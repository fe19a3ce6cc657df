import fs from 'node:fs';
import path from 'node:path';
import { dataFromFrontMatter, frontMatterSchema, type FrontMatter, type DocumentData } from '../documents/data';
import { splitFrontMatter } from './front-matter';

export interface ContentDocument {
  file: string;
  tenant: string;
  slug: string;
  frontMatter: FrontMatter;
  data: DocumentData;
  body: string;
}

/** Thrown for a broken content file; names file and field. */
export class ContentFileError extends Error {}

export function readContentDocument(file: string, tenant: string): ContentDocument {
  let parsed: { attributes: unknown; body: string };
  try {
    parsed = splitFrontMatter(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ContentFileError(`${file}: ${(err as Error).message}`, { cause: err });
  }
  const result = frontMatterSchema.safeParse(parsed.attributes);
  if (!result.success) {
    const details = result.error.issues.map((i) => `field "${i.path.join('.')}": ${i.message}`).join('; ');
    throw new ContentFileError(`${file}: ${details}`);
  }
  const slug = path.basename(file, '.md');
  if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) throw new ContentFileError(`${file}: file name must be a lowercase slug`);
  return { file, tenant, slug, frontMatter: result.data, data: dataFromFrontMatter(result.data), body: parsed.body };
}

function markdownFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort().map((f) => path.join(dir, f));
}

/** The district's Leitfäden from content/leitfaeden (loaded in every mode). */
export function readLeitfaeden(contentDir: string, kreisSlug: string): ContentDocument[] {
  return markdownFiles(path.join(contentDir, 'leitfaeden')).map((f) => readContentDocument(f, kreisSlug));
}

/** Demo Beiträge from content/demo/<tenant>/ (loaded only into an empty database, never in production). */
export function readDemoDocuments(contentDir: string, knownTenants: ReadonlySet<string>): ContentDocument[] {
  const root = path.join(contentDir, 'demo');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .sort()
    .flatMap((tenant) => {
      if (!knownTenants.has(tenant)) throw new ContentFileError(`${path.join(root, tenant)}: no tenant "${tenant}" in tenants/`);
      return markdownFiles(path.join(root, tenant)).map((f) => readContentDocument(f, tenant));
    });
}
