import fs from 'node:fs';
import path from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { IMMEDIATE, getDb } from '../db/client';
import { documents, revisions, users } from '../db/schema';
import { hashPassword } from '../auth/password';
import { createUser, setMembership } from '../auth/users';
import { ROLES, ROLE_LABELS, type Role } from '../auth/viewer';
import { appendRevision, insertDocument, mirrorRevision, type NewRevision } from '../documents/store';
import { getKreis, listTenants } from '../tenants/registry';
import { readDemoDocuments, readLeitfaeden, type ContentDocument } from './files';
import { loadDemoFiles } from '../files/demo';
import { loadDemoFollows } from '../notifications/demo';
import { loadDemoExchange } from '../exchange/demo';

export const DEMO_ACCOUNTS_FILE = 'demo-zugaenge.txt';
const CONTENT_AUTHOR = 'Kreis Coesfeld (content/)';

export interface DemoAccount {
  email: string;
  password: string;
  tenant: string;
  role: Role;
}

export function isDatabaseEmpty(): boolean {
  const db = getDb();
  const u = db.select({ n: count() }).from(users).get()?.n ?? 0;
  const d = db.select({ n: count() }).from(documents).get()?.n ?? 0;
  return u === 0 && d === 0;
}

function randomPassword(): string {
  const bytes = new Uint8Array(10);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function demoEmail(tenant: string, role: Role): string {
  return `${role}.${tenant}@demo.wissensnetz.invalid`;
}

/** One account per role in every administration, with freshly generated passwords. */
async function createDemoAccounts(): Promise<DemoAccount[]> {
  const accounts = listTenants().flatMap((t) => ROLES.map((role) => ({ tenant: t, role })));
  return Promise.all(
    accounts.map(async ({ tenant, role }) => {
      const password = randomPassword();
      const user = createUser({
        email: demoEmail(tenant.slug, role),
        name: `Demo ${ROLE_LABELS[role]} ${tenant.shortName}`,
        passwordHash: await hashPassword(password),
      });
      setMembership(user.id, tenant.slug, role);
      return { email: user.email, password, tenant: tenant.slug, role };
    }),
  );
}

function revisionsFromContent(doc: ContentDocument, author: { id: string | null; label: string }, reviewerId: string | null): NewRevision[] {
  const fm = doc.frontMatter;
  const earlier: NewRevision[] = fm.revisions.map((r) => ({
    data: { ...doc.data, summary: r.summary ?? doc.data.summary },
    bodyMd: r.body,
    status: 'abgeloest',
    authorId: author.id,
    authorLabel: author.label,
    note: r.note,
    createdAt: new Date(r.date).toISOString(),
    reviewerId,
    reviewedAt: new Date(r.date).toISOString(),
  }));
  const currentStatus: NewRevision['status'] =
    fm.status === 'entwurf' ? 'entwurf' : fm.status === 'in_pruefung' ? 'in_pruefung' : 'veroeffentlicht';
  const stamp = new Date(`${fm.stand}T09:00:00Z`).toISOString();
  const current: NewRevision = {
    data: doc.data,
    bodyMd: doc.body,
    status: currentStatus,
    authorId: author.id,
    authorLabel: author.label,
    note: earlier.length ? 'Aktualisierte Fassung' : 'Erste Fassung',
    createdAt: stamp,
    ...(currentStatus === 'veroeffentlicht' ? { reviewerId, reviewedAt: stamp } : {}),
  };
  // A Beitrag under review that was never published has no superseded revisions either.
  if (currentStatus !== 'veroeffentlicht') for (const e of earlier) e.status = 'zurueckgegeben';
  return [...earlier, current];
}

/**
 * Loads content/leitfaeden: new files become Beiträge, changed files a new live revision.
 * Runs at every start, in production too.
 */
export function syncLeitfaeden(contentDir: string): number {
  const db = getDb();
  const kreis = getKreis().slug;
  let changed = 0;
  for (const doc of readLeitfaeden(contentDir, kreis)) {
    const existing = db.select().from(documents).where(and(eq(documents.tenant, kreis), eq(documents.slug, doc.slug), eq(documents.source, 'content'))).get();
    if (!existing) {
      insertDocument({ tenant: kreis, source: 'content', status: doc.frontMatter.status, createdBy: null, slug: doc.slug, revisions: revisionsFromContent(doc, { id: null, label: CONTENT_AUTHOR }, null) });
      changed++;
      continue;
    }
    const live = existing.liveRevisionId ? db.select().from(revisions).where(eq(revisions.id, existing.liveRevisionId)).get() : undefined;
    if (live && live.bodyMd === doc.body && live.data === JSON.stringify(doc.data)) continue;
    db.transaction(() => {
      if (live) db.update(revisions).set({ status: 'abgeloest' }).where(eq(revisions.id, live.id)).run();
      const row = appendRevision(existing.id, {
        data: doc.data, bodyMd: doc.body, status: 'veroeffentlicht', authorId: null, authorLabel: CONTENT_AUTHOR, note: 'Aus content/ aktualisiert',
      });
      mirrorRevision(existing.id, doc.data);
      db.update(documents).set({ liveRevisionId: row.id, status: 'veroeffentlicht', publishedAt: row.createdAt }).where(eq(documents.id, existing.id)).run();
    }, IMMEDIATE);
    changed++;
  }
  return changed;
}

/** Demo accounts and Beiträge for a first look; the caller ensures the database was empty. */
export async function loadDemo(contentDir: string, dataDir: string): Promise<{ accounts: DemoAccount[]; documents: number; files: number; reuses: number }> {
  const docs = readDemoDocuments(contentDir, new Set(listTenants().map((t) => t.slug)));
  const accounts = await createDemoAccounts();
  const idOf = (tenant: string, role: Role) => {
    const email = demoEmail(tenant, role);
    return getDb().select({ id: users.id, name: users.name }).from(users).where(eq(users.email, email)).get()!;
  };
  getDb().transaction(() => {
    for (const doc of docs) {
      const author = idOf(doc.tenant, 'redakteur');
      const reviewer = idOf(doc.tenant, 'admin');
      insertDocument({
        tenant: doc.tenant,
        source: 'web',
        status: doc.frontMatter.status,
        createdBy: author.id,
        slug: doc.slug,
        revisions: revisionsFromContent(doc, { id: author.id, label: author.name }, reviewer.id),
      });
    }
  }, IMMEDIATE);
  // Demo files and Nachnutzungen refer to the Beiträge and accounts above, so they come after them.
  const extras = await loadDemoFiles(contentDir, demoEmail);
  // Who watches and follows what (notifications), after the demo history above.
  loadDemoFollows((tenant, role) => idOf(tenant, role).id);
  // The demo Austausch (questions, answers, comments) needs Beiträge and accounts too.
  await loadDemoExchange(contentDir, demoEmail);
  const file = path.join(dataDir, DEMO_ACCOUNTS_FILE);
  const lines = accounts.map((a) => `${a.email} ${a.password} ${a.tenant} ${a.role}`);
  fs.writeFileSync(file, lines.join('\n') + '\n', { mode: 0o600 });
  return { accounts, documents: docs.length, ...extras };
}
