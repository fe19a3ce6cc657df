// Figures for the Beiträge code paths: `npm run bench:documents`. Prints timings; asserts nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resetConfig } from '../../src/lib/config';
import { closeDb, getDb } from '../../src/lib/db/client';
import { migrateDatabase } from '../../src/lib/db/migrate';
import { resetTenants, getTenant } from '../../src/lib/tenants/registry';
import { createUser, setMembership } from '../../src/lib/auth/users';
import { loadViewer, type Viewer } from '../../src/lib/auth/viewer';
import { listDocuments } from '../../src/lib/documents/list';
import { buildAtomFeed } from '../../src/lib/documents/feeds';
import { buildSitemap } from '../../src/lib/documents/sitemap';
import { approveRevision, createDocument, saveRevision, submitRevision } from '../../src/lib/documents/workflow';
import { compareVersions } from '../../src/lib/documents/compare';
import type { DocumentData } from '../../src/lib/documents/data';
import { TOPICS, VISIBILITIES } from '../../src/lib/documents/vocabulary';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-bench-'));
process.env['WISSENSNETZ_DATA_DIR'] = dir;
process.env['WISSENSNETZ_ROOT'] = path.resolve(import.meta.dirname, '../..');
resetConfig();
resetTenants();
migrateDatabase(getDb());

function actor(tenant: string, role: 'redakteur' | 'admin'): { viewer: Viewer; ip: string } {
  const user = createUser({ email: `${role}.${tenant}@bench.invalid`, name: `${role} ${tenant}`, passwordHash: null });
  setMembership(user.id, tenant, role);
  return { viewer: loadViewer(user.id)!, ip: '127.0.0.1' };
}

function time(label: string, runs: number, fn: (i: number) => unknown): void {
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) fn(i);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(`${label.padEnd(48)} ${(ms / runs).toFixed(2).padStart(8)} ms/op  (${runs} runs)`);
}

const body = Array.from({ length: 40 }, (_, i) => `## Abschnitt ${i}\n\nText mit **Markdown**, [Link](https://example.org/${i}) und einer Liste:\n\n- eins\n- zwei\n`).join('\n');
const data = (i: number): DocumentData => ({
  title: `Bericht Nummer ${i} über Tablets und Schulsozialarbeit`,
  summary: 'Eine Zusammenfassung, wie sie in Listen erscheint, etwa zwei Sätze lang.',
  type: 'erfahrungsbericht',
  topics: [TOPICS[i % TOPICS.length]!],
  tags: ['Bench'],
  visibility: VISIBILITIES[i % VISIBILITIES.length]!,
  stand: '2026-01-01',
  reviewDue: '2027-01-01',
  contact: { mailbox: 'bench@example.org', person: null },
  references: [],
  fields: { ausgangslage: 'Ausgangslage.', ergebnis: 'Ergebnis.' },
});

const editor = actor('duelmen', 'redakteur');
const admin = actor('duelmen', 'admin');
const reader = actor('senden', 'redakteur');
const N = Number(process.env['BENCH_DOCUMENTS'] ?? 2000);
console.log(`Wissensnetz Beiträge benchmark, ${N} published Beiträge (a third each öffentlich / intern / nur Kommune)\n`);
time('create + submit + approve (Markdown rendered)', N, (i) => {
  const doc = createDocument(editor, getTenant('duelmen'), { data: data(i), body, note: '' });
  submitRevision(editor, doc, doc.latestRevisionId!);
  approveRevision(admin, { ...doc, status: 'in_pruefung' }, doc.latestRevisionId!, '');
});
time('save a new revision of a published Beitrag', 200, (i) => {
  const doc = listDocuments(null, { pageSize: 1, page: i + 1 }).items[0]!;
  const row = getDb().query.documents.findFirst({ where: (d, { eq }) => eq(d.id, doc.id) }).sync()!;
  saveRevision(editor, row, { data: data(i), body: body + '\nNachtrag.', note: 'bench', baseRevisionId: row.latestRevisionId! });
});
time('list page 1 (anonymous, newest)', 500, () => listDocuments(null, { pageSize: 12 }));
time('list page 20 (staff of another Kommune, by title)', 500, () => listDocuments(reader.viewer, { pageSize: 12, page: 20, sort: 'titel' }));
time('list by Themenfeld (anonymous)', 500, () => listDocuments(null, { pageSize: 12, topic: 'schule' }));
time('Atom feed, all public (50 entries)', 200, () => buildAtomFeed({ origin: 'https://x', path: '/feed.xml', title: 'x', filter: {} }));
time('sitemap (all public Beiträge)', 20, () => buildSitemap('https://x'));
time('compare two 40-section versions', 200, () => compareVersions({ data: data(1), body }, { data: data(2), body: body.replace(/eins/g, 'EINS') }));

closeDb();
fs.rmSync(dir, { recursive: true, force: true });
