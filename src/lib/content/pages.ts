import fs from 'node:fs';
import path from 'node:path';
import { getConfig } from '../config';
import { renderMarkdown } from '../markdown/render';
import { splitFrontMatter } from './front-matter';

export interface StaticPage {
  title: string;
  summary: string;
  html: string;
}

const cache = new Map<string, StaticPage | null>();

/** A static page from content/seiten/<name>.md, rendered once per process. */
export function getStaticPage(name: string): StaticPage | null {
  if (!/^[a-z0-9-]+$/.test(name)) return null;
  if (!cache.has(name)) {
    const file = path.join(getConfig().contentDir, 'seiten', `${name}.md`);
    if (!fs.existsSync(file)) cache.set(name, null);
    else {
      const { attributes, body } = splitFrontMatter(fs.readFileSync(file, 'utf8'));
      const fm = (attributes ?? {}) as { title?: string; summary?: string };
      cache.set(name, { title: fm.title ?? name, summary: fm.summary ?? '', html: renderMarkdown(body) });
    }
  }
  return cache.get(name) ?? null;
}
