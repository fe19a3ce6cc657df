import crypto from 'node:crypto';
import { postForm, signInCookie } from './auth';
import type { TestServer } from './server';

// Writes through HTTP as people make them, for the reliability tests: an admin invites,
// the invited person accepts and gets an account; an editor writes a Beitrag and sends it
// for review, the admin publishes it, the editor uploads a file to it. Each write that got
// its success answer is recorded, so a test can show it survived.
export interface AckedWrites {
  /** Path of every Beitrag whose publication was answered with 303. */
  published?: string[];
  /** SHA-256 of every file whose upload was answered with 303. */
  uploads?: string[];
  /** SHA-256 (hex) of every invitation token the admin was shown. */
  invitations: string[];
  /** E-mail of every account whose creation was answered with 303. */
  accounts: string[];
  /** Answers that were neither success nor a refused connection (status codes). */
  failures: number[];
  /** Requests that failed otherwise than by a refused or reset connection (a test that keeps the server running shows them). */
  errors?: string[];
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

async function inviteAndAccept(server: TestServer, adminCookie: string, email: string, acked: AckedWrites): Promise<void> {
  const invite = await postForm(server, '/duelmen/mitglieder', { action: 'invite', email, role: 'mitarbeiter' }, { cookie: adminCookie });
  if (invite.status !== 200) return void acked.failures.push(invite.status);
  const token = /\/einladung\/([a-z2-7]{32})/.exec(await invite.text())?.[1];
  if (!token) return void acked.failures.push(-1);
  acked.invitations.push(sha256(token));
  const accept = await postForm(server, `/einladung/${token}`, { name: 'Last Test', password: 'lange-genug-und-selten-42', repeat: 'lange-genug-und-selten-42' });
  if (accept.status !== 303) return void acked.failures.push(accept.status);
  acked.accounts.push(email);
}

const CSV = (n: string) => `Jahr;Anträge;Lauf\n2024;${n.length * 17};${n}\n2025;42;${n}\n`;

async function writeAndPublish(server: TestServer, editor: string, admin: string, n: string, acked: AckedWrites): Promise<void> {
  const form = {
    title: `Lasttest Beitrag ${n}`,
    summary: 'Ein Beitrag, den der Lasttest über das Formular schreibt und veröffentlicht.',
    topics: 'verwaltung',
    tags: 'Lasttest',
    body: `Text des Beitrags ${n} mit **Markdown**.`,
    contactMailbox: 'digital@duelmen.de',
    contactPerson: '',
    stand: '2026-11-01',
    reviewDue: '2027-11-01',
    visibility: 'oeffentlich',
    note: 'Erste Fassung',
    aktion: 'einreichen',
  };
  const created = await postForm(server, '/duelmen/beitraege/neu?art=erfahrungsbericht', form, { cookie: editor });
  if (created.status !== 303) return void acked.failures.push(created.status);
  const path = new URL(created.headers.get('location')!, server.url).pathname;
  const review = await fetch(`${server.url}${path}/pruefung`, { headers: { cookie: admin } });
  const revision = /name="revision" value="(\d+)"/.exec(await review.text())?.[1];
  if (review.status !== 200 || !revision) return void acked.failures.push(review.status);
  const published = await postForm(server, `${path}/pruefung`, { aktion: 'freigeben', revision, kommentar: '' }, { cookie: admin });
  if (published.status !== 303) return void acked.failures.push(published.status);
  (acked.published ??= []).push(path);
  const body = new FormData();
  body.set('titel', `Fallzahlen ${n}`);
  body.set('beschreibung', '');
  body.set('lizenz', 'CC-BY-4.0');
  body.set('version', '1.0');
  const csv = CSV(n);
  body.set('datei', new Blob([csv], { type: 'text/csv' }), `fallzahlen-${n}.csv`);
  const upload = await fetch(`${server.url}${path}/dateien`, { method: 'POST', headers: { Origin: server.url, cookie: editor }, body, redirect: 'manual' });
  if (upload.status !== 303) return void acked.failures.push(upload.status);
  (acked.uploads ??= []).push(sha256(csv));
}

/**
 * Runs `workers` parallel write loops until stop() returns true. A refused or reset
 * connection (the server was killed) ends a loop quietly; any other answer than success
 * is counted as a failure.
 */
export async function runWrites(server: TestServer, options: { workers: number; prefix: string; stop: () => boolean; acked?: AckedWrites; beitraege?: boolean }): Promise<AckedWrites> {
  const admin = await signInCookie(server, server.account('duelmen', 'admin'));
  const editor = options.beitraege ? await signInCookie(server, server.account('duelmen', 'redakteur')) : '';
  // Filled as answers arrive, so a test can look at what was acknowledged so far.
  const acked: AckedWrites = options.acked ?? { invitations: [], accounts: [], failures: [] };
  let n = 0;
  await Promise.all(
    Array.from({ length: options.workers }, async () => {
      while (!options.stop()) {
        try {
          const i = n++;
          // With beitraege, every other loop writes, publishes and uploads instead of inviting.
          if (options.beitraege && i % 2 === 1) await writeAndPublish(server, editor, admin, `${options.prefix}-${i}`, acked);
          else await inviteAndAccept(server, admin, `${options.prefix}-${i}@duelmen.de`, acked);
        } catch (err) {
          // Connection refused or reset: the server is gone (the crash tests kill it on purpose).
          (acked.errors ??= []).push(`${(err as Error).message} ${String((err as { cause?: { code?: string } }).cause?.code ?? '')}`.trim());
          return;
        }
      }
    }),
  );
  return acked;
}

/** Resolves once `ready` holds (checked every 100 ms), or after `ms` at the latest. */
export async function waitUntil(ready: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ready() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
}
