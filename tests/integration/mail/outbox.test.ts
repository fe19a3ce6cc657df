import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getConfig } from '../../../src/lib/config';
import { getDb } from '../../../src/lib/db/client';
import { mailOutbox } from '../../../src/lib/db/schema';
import { claimDueMails, markRetry, MAX_ATTEMPTS, queueMail, releaseInterruptedMails, retryDelay } from '../../../src/lib/mail/outbox';
import { sendDueMails } from '../../../src/lib/mail/sender';
import { loadMailSettings } from '../../../src/lib/mail/settings';
import { createTransport } from '../../../src/lib/mail/transport';
import { listEmlFiles, readEmlFile } from '../../../src/lib/mail/eml-files';

const row = (id: number) => getDb().select().from(mailOutbox).where(eq(mailOutbox.id, id)).get()!;

describe('the outbox', () => {
  it('hands a due mail to one sender only; a sender that died gives it back at the next start', () => {
    const mail = queueMail({ kind: 'test', address: 'a@example.invalid' });
    expect(claimDueMails(50).map((r) => r.id)).toContain(mail.id);
    expect(claimDueMails(50).map((r) => r.id)).not.toContain(mail.id);
    expect(row(mail.id).status).toBe('sending');
    releaseInterruptedMails();
    expect(row(mail.id).status).toBe('queued');
    // And a claim whose lease ran out is free again without a restart.
    claimDueMails(50);
    expect(claimDueMails(50, Date.now() + 11 * 60 * 1000).map((r) => r.id)).toContain(mail.id);
  });

  it('backs off exponentially after temporary failures and gives up after twelve attempts', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, 60_000))).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(retryDelay(20, 60_000)).toBe(6 * 60 * 60 * 1000);
    const mail = queueMail({ kind: 'test', address: 'b@example.invalid' });
    const now = Date.now();
    markRetry(row(mail.id), '451 try later', 60_000, now);
    expect(row(mail.id)).toMatchObject({ status: 'queued', attempts: 1, nextAttemptAt: now + 60_000, lastError: '451 try later' });
    for (let i = 1; i < MAX_ATTEMPTS; i++) markRetry(row(mail.id), '451 try later', 60_000, now);
    expect(row(mail.id).status).toBe('failed');
    expect(row(mail.id).lastError).toMatch(/^gave up after 12 attempts/);
  });

  it('writes one .eml file per mail without SMTP, and a resend after a crash replaces it instead of adding one', async () => {
    getDb().update(mailOutbox).set({ status: 'sent' }).run();
    const settings = loadMailSettings({ ...process.env, WISSENSNETZ_SMTP_URL: '' });
    const mail = queueMail({ kind: 'test', address: 'c@example.invalid' });
    const transport = createTransport(settings);
    const render = () => ({ mail: { to: { name: 'Carla <C>', address: 'c@example.invalid' }, subject: 'Grüße aus Olfen', text: 'Hallo\n', html: '<p>Hallo</p>' } });
    expect((await sendDueMails(transport, render, settings)).sent).toBe(1);
    // As if the process had died after writing the file but before recording it.
    getDb().update(mailOutbox).set({ status: 'queued' }).where(eq(mailOutbox.id, mail.id)).run();
    expect((await sendDueMails(transport, render, settings)).sent).toBe(1);
    const dir = path.join(getConfig().dataDir, 'mail');
    const files = listEmlFiles(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ subject: 'Grüße aus Olfen' });
    expect(readEmlFile(dir, files[0]!.name)!.text).toBe('Hallo\n');
    expect(fs.readFileSync(path.join(dir, files[0]!.name), 'utf8')).toContain(mail.messageId);
    expect(readEmlFile(dir, '../wissensnetz.db')).toBeUndefined();
  });
});
