import path from 'node:path';
import { spawn } from 'node:child_process';
import { expect } from 'vitest';
import { startTestSmtp, type TestSmtp } from '../fixtures/smtp-server';
import { get, postForm } from './auth';
import { startServer, type TestServer } from './server';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The hub with a real SMTP server in the test process; mail is polled quickly and retried after a second. */
export async function startWithSmtp(options: { env?: Record<string, string>; listen?: boolean } = {}): Promise<{ server: TestServer; smtp: TestSmtp }> {
  const smtp = await startTestSmtp({ listen: options.listen ?? true });
  const server = await startServer({
    env: {
      WISSENSNETZ_SMTP_URL: smtp.url,
      WISSENSNETZ_MAIL_FROM: 'Wissensnetz Test <wissensnetz@kreis-coesfeld.example>',
      WISSENSNETZ_MAIL_POLL_MS: '200',
      WISSENSNETZ_MAIL_RETRY_BASE_S: '1',
      // Digests and reminders only when a test runs them (notify-run --at), never by the clock.
      WISSENSNETZ_SCHEDULED_JOBS: '0',
      ...options.env,
    },
  });
  return { server, smtp };
}

/** A complete Erfahrungsbericht form of the editor. */
export function beitragForm(title: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    title,
    summary: `Zusammenfassung: ${title}.`,
    topics: 'schule',
    tags: 'Tablets, Schule',
    visibility: 'intern',
    stand: '2026-10-01',
    reviewDue: '2027-10-01',
    contactMailbox: 'schule@duelmen.de',
    contactPerson: '',
    'field-ausgangslage': 'Ausgangslage des Berichts.',
    'field-uebertragbarkeit': 'Gut übertragbar.',
    body: `# ${title}\n\nText des Berichts.`,
    aktion: 'einreichen',
    ...extra,
  };
}

/** Writes and submits a Beitrag as a Redakteur:in; returns its path. */
export async function submitBeitrag(server: TestServer, cookie: string, tenant: string, title: string, extra: Record<string, string> = {}): Promise<string> {
  const res = await postForm(server, `/${tenant}/beitraege/neu?art=erfahrungsbericht`, beitragForm(title, extra), { cookie });
  expect(res.status, `submitting "${title}": ${res.status === 303 ? '' : await res.text()}`).toBe(303);
  return res.headers.get('location')!.split('?')[0]!;
}

/** The revision waiting on the review page of a Beitrag. */
async function pendingRevision(server: TestServer, cookie: string, path: string): Promise<string> {
  const html = await (await get(server, `${path}/pruefung`, cookie)).text();
  const m = /name="revision" value="(\d+)"/.exec(html);
  if (!m) throw new Error(`no revision on the review page of ${path}`);
  return m[1]!;
}

/** An admin approves the pending revision. */
export async function approve(server: TestServer, cookie: string, path: string, comment = ''): Promise<void> {
  const res = await postForm(server, `${path}/pruefung`, { aktion: 'freigeben', revision: await pendingRevision(server, cookie, path), kommentar: comment }, { cookie });
  expect(res.status).toBe(303);
}

/** An admin sends the pending revision back. */
export async function sendBack(server: TestServer, cookie: string, path: string, comment: string): Promise<void> {
  const res = await postForm(server, `${path}/pruefung`, { aktion: 'zurueckgeben', revision: await pendingRevision(server, cookie, path), kommentar: comment }, { cookie });
  expect(res.status).toBe(303);
}

/** Waits a while and asserts that nothing more arrived for an address. */
export async function expectNoMoreMail(smtp: TestSmtp, address: string, count: number, waitMs = 2500): Promise<void> {
  await new Promise((r) => setTimeout(r, waitMs));
  expect(smtp.mailsTo(address).map((m) => m.subject)).toHaveLength(count);
}

export const demo = (tenant: string, role: 'mitarbeiter' | 'redakteur' | 'admin') => `${role}.${tenant}@demo.wissensnetz.invalid`;

/** `node dist/cli/index.mjs …` (the production bundle, built by npm run build): the CLI without tsx's start-up cost. */
export function runBundledCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/cli/index.mjs', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Several steps with mail round trips and CLI runs on a loaded two-core machine. */
export const LONG_TEST_MS = 240_000;
