import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from './server';
import { expectNoProblems, launchBrowser, openPage, readable, visit, type CheckedPage } from './browser';
import { TYPE_FIELDS, type DocumentType } from '../../src/lib/documents/vocabulary';
import { choiceLabel } from '../../src/lib/documents/fields';

// Every structured field of every Beitrag type, written in Markdown front matter in content/,
// must reach the Beitrag page in its proper form: Markdown as formatted text, a list as a list,
// a choice by its label, a text as one line.

const ROOT = path.resolve(import.meta.dirname, '../..');
const contentDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-content-'));
fs.cpSync(path.join(ROOT, 'content'), contentDir, { recursive: true });

const SAMPLE = { markdown: '**Fettgedrucktes Wort** im Feld\n\n- erster Punkt\n- zweiter Punkt\n', text: 'eine Zeile Text', list: ['Erste Zielgruppe', 'Zweite Zielgruppe', 'Dritte Zielgruppe'] };

function yamlValue(kind: keyof typeof SAMPLE | 'choice', name: string, option: string | undefined): string {
  if (kind === 'choice') return ` ${option}`;
  if (kind === 'list') return `\n${SAMPLE.list.map((i) => `    - ${i}`).join('\n')}`;
  if (kind === 'markdown') return ` |\n${SAMPLE.markdown.trimEnd().split('\n').map((l) => `    ${l}`).join('\n')}`;
  return ` "${SAMPLE.text} (${name})"`;
}

function writeSample(type: DocumentType): { tenant: string; slug: string } {
  const tenant = type === 'leitfaden' ? 'kreis-coesfeld' : 'olfen';
  const slug = `feldtest-${type}`;
  const fields = TYPE_FIELDS[type].map((d) => `  ${d.name}:${yamlValue(d.kind, d.name, d.options?.[d.options.length - 1])}`).join('\n');
  const file = [
    '---',
    `title: "Feldtest ${type}"`,
    `type: ${type}`,
    'themenfelder: [verwaltung]',
    `summary: "Ein Beitrag, der jedes Feld der Art ${type} aus dem Front Matter zeigt."`,
    'visibility: oeffentlich',
    'stand: 2026-03-01',
    'reviewDue: 2027-03-01',
    'contact:',
    '  mailbox: feldtest@example.org',
    'fields:',
    fields,
    '---',
    'Der Text des Feldtests.',
    '',
  ].join('\n');
  const dir = type === 'leitfaden' ? path.join(contentDir, 'leitfaeden') : path.join(contentDir, 'demo', tenant);
  fs.writeFileSync(path.join(dir, `${slug}.md`), file);
  return { tenant, slug };
}

const TYPES = Object.keys(TYPE_FIELDS) as DocumentType[];
const samples = new Map(TYPES.map((t) => [t, writeSample(t)]));

let server: TestServer;
let browser: Browser;
let checked: CheckedPage;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ env: { WISSENSNETZ_CONTENT_DIR: contentDir } }), launchBrowser()]);
  checked = await openPage(browser, server.url);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  fs.rmSync(contentDir, { recursive: true, force: true });
});

/** The <dd> of a fact on the Beitrag page, by its label. */
function fact(page: Page, label: string) {
  return page.locator('dl.facts dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');
}

describe('structured fields from content/ front matter', () => {
  for (const type of TYPES) {
    it(`shows every field of the type ${type} in its proper form`, async () => {
      const { tenant, slug } = samples.get(type)!;
      const { page } = checked;
      await visit(page, `/${tenant}/beitraege/${slug}`);
      for (const def of TYPE_FIELDS[type]) {
        if (def.kind === 'markdown') {
          const section = page.locator('section.document-section', { has: page.getByRole('heading', { name: def.label, exact: true }) });
          await expect(section.locator('strong').innerText().then(readable), def.name).resolves.toBe('Fettgedrucktes Wort');
          await expect(section.locator('li').allInnerTexts().then((items) => items.map(readable)), def.name).resolves.toEqual(['erster Punkt', 'zweiter Punkt']);
        } else if (def.kind === 'list') {
          await expect(fact(page, def.label).locator('li').allInnerTexts(), def.name).resolves.toEqual(SAMPLE.list);
        } else if (def.kind === 'choice') {
          const option = def.options![def.options!.length - 1]!;
          await expect(fact(page, def.label).innerText(), def.name).resolves.toBe(choiceLabel(def, option));
        } else {
          await expect(fact(page, def.label).innerText(), def.name).resolves.toBe(`${SAMPLE.text} (${def.name})`);
        }
      }
    });
  }

  it('shows the Zielgruppe of the shipped Leitfäden as a list, not one line of dashes', async () => {
    const { page } = checked;
    for (const file of fs.readdirSync(path.join(ROOT, 'content', 'leitfaeden')).filter((f) => f.endsWith('.md'))) {
      await visit(page, `/kreis-coesfeld/beitraege/${file.replace(/\.md$/, '')}`);
      const items = await fact(page, 'Zielgruppe').locator('li').allInnerTexts();
      expect(items.length, file).toBeGreaterThan(1);
      for (const item of items) expect(item, file).not.toMatch(/^-|\s-\s/);
    }
    expectNoProblems(checked);
  });
});
