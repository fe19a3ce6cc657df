import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inArray } from 'drizzle-orm';
import { startTestSmtp, type TestSmtp } from '../fixtures/smtp-server';
import { inviteByMail } from '../../src/lib/auth/invitation-mail';
import { closeDb, getDb } from '../../src/lib/db/client';
import { mailOutbox } from '../../src/lib/db/schema';
import { migrateDatabase } from '../../src/lib/db/migrate';
import { LONG_TEST_MS } from './mail';
import { useServerDatabase } from './search-data';
import { startServer, type TestServer } from './server';

// The sender records a mail as sent right after the mail server accepted it. A crash between
// the two (one write) is the one window SMTP leaves open; everything else must come out exactly once.

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
});
afterAll(async () => {
  closeDb();
  await smtp?.stop();
});

const env = () => ({ WISSENSNETZ_SMTP_URL: smtp.url, WISSENSNETZ_MAIL_POLL_MS: '200', WISSENSNETZ_MAIL_RETRY_BASE_S: '1', WISSENSNETZ_SCHEDULED_JOBS: '0' });

/** A fresh data folder whose outbox holds invitation mails, queued as the CLI would. */
function queueInvitations(prefix: string, n: number): { dataDir: string; queued: { address: string; messageId: string }[] } {
  const server = { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'wn-crash-')) } as TestServer;
  useServerDatabase(server);
  migrateDatabase(getDb());
  for (let i = 0; i < n; i++) inviteByMail({ email: `${prefix}-${i}@olfen.example`, tenant: 'olfen', role: 'mitarbeiter', invitedBy: null });
  const queued = getDb().select({ address: mailOutbox.address, messageId: mailOutbox.messageId }).from(mailOutbox).all().filter((r) => r.address.startsWith(`${prefix}-`));
  closeDb();
  return { dataDir: server.dataDir, queued };
}

function statusCounts(server: TestServer): Record<string, number> {
  useServerDatabase(server);
  const counts: Record<string, number> = {};
  for (const r of getDb().select({ status: mailOutbox.status }).from(mailOutbox).where(inArray(mailOutbox.kind, ['einladung'])).all()) counts[r.status] = (counts[r.status] ?? 0) + 1;
  closeDb();
  return counts;
}

async function waitForAll(addresses: string[], timeoutMs = 150_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (addresses.some((a) => smtp.mailsTo(a).length === 0)) {
    if (Date.now() > until) throw new Error(`${addresses.filter((a) => smtp.mailsTo(a).length === 0).length} mails never arrived`);
    await new Promise((r) => setTimeout(r, 200));
  }
  // Let anything that would arrive twice arrive.
  await new Promise((r) => setTimeout(r, 3000));
}

describe('a sender killed mid-batch', () => {
  it('delivers every queued mail exactly once after a restart (SIGKILL while mails are in flight)', async () => {
    const { dataDir, queued } = queueInvitations('absturz', 120);
    expect(queued).toHaveLength(120);

    // After the 40th mail the mail server answers nothing more: mails are in flight on every
    // connection. Once the hub has recorded all it got accepted, the process is killed.
    let accepted = 0;
    smtp.gate = () => (accepted >= 40 ? new Promise<void>(() => {}) : Promise.resolve());
    smtp.onAccepted = () => void accepted++;
    let server = await startServer({ dataDir, env: env() });
    const arrived = () => smtp.mails.filter((m) => m.envelopeTo[0]!.startsWith('absturz-')).length;
    const until = Date.now() + 120_000;
    while ((accepted < 40 || (statusCounts(server)['sent'] ?? 0) < arrived()) && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    await server.stop('SIGKILL');
    const atCrash = statusCounts(server);
    expect(atCrash['sent']).toBe(arrived());
    expect(atCrash['sending'] ?? 0, 'mails in flight when the process died').toBeGreaterThan(0);

    smtp.gate = null;
    smtp.onAccepted = null;
    server = await startServer({ dataDir: server.dataDir, env: env() });
    try {
      await waitForAll(queued.map((q) => q.address));
      for (const q of queued) {
        const copies = smtp.mailsTo(q.address);
        expect(copies.map((m) => m.messageId), q.address).toEqual([q.messageId]);
      }
      expect(statusCounts(server)).toEqual({ sent: 120 });
    } finally {
      await server.stop();
    }
  }, LONG_TEST_MS);

  it('sends a mail that was accepted in the instant before the crash again with the same Message-ID, so it is recognisable', async () => {
    const { dataDir, queued } = queueInvitations('augenblick', 30);
    let server: TestServer;
    let accepted = 0;
    // Mails wait until this test holds the new process, so it can be killed as the 10th 250
    // goes out: the sender cannot have recorded that one.
    let ready!: () => void;
    const started = new Promise<void>((resolve) => (ready = resolve));
    smtp.gate = () => started;
    smtp.onAccepted = (mail) => {
      if (mail.envelopeTo[0]!.startsWith('augenblick-') && ++accepted === 10) server.process.kill('SIGKILL');
    };
    server = await startServer({ dataDir, env: env() });
    ready();
    await new Promise<void>((resolve) => (server.process.exitCode !== null ? resolve() : server.process.once('exit', () => resolve())));
    smtp.onAccepted = null;
    smtp.gate = null;
    server = await startServer({ dataDir: server.dataDir, env: env() });
    try {
      await waitForAll(queued.map((q) => q.address));
      let duplicates = 0;
      for (const q of queued) {
        const copies = smtp.mailsTo(q.address);
        // Never a different mail: every copy carries the outbox row's Message-ID.
        expect(new Set(copies.map((m) => m.messageId)), q.address).toEqual(new Set([q.messageId]));
        duplicates += copies.length - 1;
      }
      // At most the mails on the pool's three connections can fall into the window.
      expect(duplicates).toBeLessThanOrEqual(3);
      expect(statusCounts(server)).toEqual({ sent: 30 });
    } finally {
      await server.stop();
    }
  }, LONG_TEST_MS);
});
