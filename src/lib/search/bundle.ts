import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as pagefind from 'pagefind';
import type { Enricher } from './enrich';
import type { SearchRecord } from './records';

/** Pagefind's own UI files: we ship our own search page, so they are not written. */
const UNUSED_FILES = /^pagefind-(component-ui|modular-ui|ui|highlight)\.(js|css)$|^wasm\.unknown\.pagefind$/;

export interface BundleResult {
  /** Entries per audience. */
  counts: Record<string, number>;
  /** Pagefind's result id per record key ("de_1a2b3c4"), to hide superseded entries in the browser. */
  pageIds: Record<string, string>;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * A record as a small HTML document, so that pagefind weights the title (h1) and the
 * summary above the body. Meta, filters and sort travel in <meta> elements, which are
 * not indexed as text. The generation in the meta makes result ids differ between base
 * and recent builds of the same Beitrag.
 */
export function recordHtml(r: SearchRecord, enrich: Enricher, generation: string): string {
  const head = [
    ...Object.entries({ ...r.meta, key: r.key, g: generation }).map(([k, v]) => `<meta data-pagefind-meta="${k}[content]" content="${escapeHtml(v)}">`),
    ...Object.entries(r.filters).flatMap(([k, values]) => values.map((v) => `<meta data-pagefind-filter="${k}[content]" content="${escapeHtml(v)}">`)),
    `<meta data-pagefind-sort="stand[content]" content="${escapeHtml(r.stand || '0000-00-00')}">`,
  ];
  return `<!doctype html><html lang="de"><head>${head.join('')}</head><body><h1>${escapeHtml(enrich(r.title))}</h1><p data-pagefind-weight="3">${escapeHtml(enrich(r.lead))}</p><div>${escapeHtml(enrich(r.text))}</div></body></html>`;
}

async function writeAudience(records: SearchRecord[], outDir: string, enrich: Enricher, generation: string): Promise<void> {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'de' });
  if (!index) throw new Error(`pagefind createIndex failed: ${errors.join('; ')}`);
  try {
    for (const r of records) {
      const added = await index.addHTMLFile({ url: r.url, content: recordHtml(r, enrich, generation) });
      if (added.errors.length > 0) throw new Error(`pagefind could not index ${r.key}: ${added.errors.join('; ')}`);
    }
    const written = await index.writeFiles({ outputPath: outDir });
    if (written.errors.length > 0) throw new Error(`pagefind could not write ${outDir}: ${written.errors.join('; ')}`);
  } finally {
    await index.deleteIndex();
  }
}

/** Reads which pagefind page id each record got, from the written fragments. */
function readPageIds(outDir: string): Record<string, string> {
  const dir = path.join(outDir, 'fragment');
  const ids: Record<string, string> = {};
  if (!fs.existsSync(dir)) return ids;
  for (const file of fs.readdirSync(dir)) {
    const raw = gunzipSync(fs.readFileSync(path.join(dir, file))).toString('utf8');
    const fragment = JSON.parse(raw.replace(/^pagefind_dcd/, '')) as { meta?: { key?: string } };
    if (fragment.meta?.key) ids[fragment.meta.key] = file.replace(/\.pf_fragment$/, '');
  }
  return ids;
}

function removeUnusedFiles(outDir: string): void {
  for (const file of fs.readdirSync(outDir)) if (UNUSED_FILES.test(file)) fs.rmSync(path.join(outDir, file));
}

/**
 * Writes one pagefind bundle per audience into dir/<audience>/. Audiences without
 * records get no bundle. The pagefind service is closed in every case.
 */
export async function writeBundles(records: SearchRecord[], dir: string, enrich: Enricher, generation: string): Promise<BundleResult> {
  const byAudience = new Map<string, SearchRecord[]>();
  for (const r of records) byAudience.set(r.audience, [...(byAudience.get(r.audience) ?? []), r]);
  const counts: Record<string, number> = {};
  const pageIds: Record<string, string> = {};
  try {
    for (const [audience, list] of byAudience) {
      const outDir = path.join(dir, audience);
      await writeAudience(list, outDir, enrich, generation);
      removeUnusedFiles(outDir);
      counts[audience] = list.length;
      Object.assign(pageIds, readPageIds(outDir));
    }
  } catch (err) {
    throw new Error(`Building the search index in ${dir} failed: ${(err as Error).message}`, { cause: err });
  } finally {
    await pagefind.close();
  }
  return { counts, pageIds };
}
