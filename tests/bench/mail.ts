// Figures for mail and notifications: `npm run bench:mail`. Prints timings; asserts nothing.
// 1. The publish request with 3,000 followers of its Themenfeld, against one nobody follows.
// 2. The outbox handing 3,000 mails to a local SMTP server (smtp-server in its own process).
// 3. A weekly digest for 3,000 people about 20 Beiträge: queued by the job and every mail built.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { resetConfig } from '../../src/lib/config';
import { getDb } from '../../src/lib/db/client';
import { mailOutbox } from '../../src/lib/db/schema';
import { migrateDatabase } from '../../src/lib/db/migrate';
import { getTenant, resetTenants } from '../../src/lib/tenants/registry';
import { createUser, setMembership } from '../../src/lib/auth/users';
import { loadViewer } from '../../src/lib/auth/viewer';
import { approveRevision, createDocument, submitRevision, type Actor } from '../../src/lib/documents/workflow';
import type { DocumentData } from '../../src/lib/documents/data';
import { fanOutPending } from '../../src/lib/notifications/events';
import { runDueJobs } from '../../src/lib/notifications/jobs';
import { renderDigestMail } from '../../src/lib/notifications/mails';
import { renderOutboxMail } from '../../src/lib/notifications/outbox-renderers';
import { sendDueMails } from '../../src/lib/mail/sender';
import { loadMailSettings } from '../../src/lib/mail/settings';
import { createTransport } from '../../src/lib/mail/transport';

const FOLLOWERS = Number(process.env['BENCH_FOLLOWERS'] ?? 3000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-bench-mail-'));
process.env['WISSENSNETZ_DATA_DIR'] = dir;
process.env['WISSENSNETZ_ROOT'] = path.resolve(import.meta.dirname, '../..');
resetConfig();
resetTenants();
migrateDatabase(getDb());

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
/** CPU seconds this process used since `from` (what the machine's load cannot stretch). */
const cpu = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from);
  return `${((u.user + u.system) / 1e6).toFixed(1)} s CPU`;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;

function actor(tenant: string, role: 'redakteur' | 'admin'): Actor {
  const user = createUser({ email: `${role}.${tenant}@bench.invalid`, name: `${role} ${tenant}`, passwordHash: null });
  setMembership(user.id, tenant, role);
  return { viewer: loadViewer(user.id)!, ip: '127.0.0.1' };
}
const editor = actor('duelmen', 'redakteur');
const admin = actor('duelmen', 'admin');

/** FOLLOWERS staff of the other Kommunen, each following `subject` with `frequency`. */
function followers(prefix: string, subject: string, frequency: string): void {
  const db = getDb().$client;
  const tenants = ['ascheberg', 'billerbeck', 'coesfeld', 'havixbeck', 'luedinghausen', 'nordkirchen', 'nottuln', 'olfen', 'rosendahl', 'senden'];
  const user = db.prepare('INSERT INTO users (id, email, name) VALUES (?, ?, ?)');
  const member = db.prepare("INSERT INTO memberships (user_id, tenant, role) VALUES (?, ?, 'mitarbeiter')");
  const follow = db.prepare("INSERT INTO notification_subscriptions (user_id, subject, frequency, created_at) VALUES (?, ?, ?, '2000-01-01T00:00:00.000Z')");
  db.transaction(() => {
    for (let i = 0; i < FOLLOWERS; i++) {
      const id = `${prefix}${i}`;
      user.run(id, `${prefix}.${i}@bench.invalid`, `Person ${i}`);
      member.run(id, tenants[i % tenants.length]);
      follow.run(id, subject, frequency);
    }
  })();
}

const data = (i: number, topic: DocumentData['topics'][number]): DocumentData => ({
  title: `Benchmark-Beitrag ${i}`,
  summary: 'Ein Beitrag für die Messung der Benachrichtigungen.',
  type: 'erfahrungsbericht',
  topics: [topic],
  tags: [],
  visibility: 'intern',
  stand: '2026-11-01',
  reviewDue: '2027-11-01',
  contact: { mailbox: 'bench@duelmen.de', person: null },
  references: [],
  fields: {},
});

/** The publish request's work (approveRevision: one IMMEDIATE transaction, fsync'd), timed alone. */
function timePublishes(n: number, topic: DocumentData['topics'][number], offset: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const doc = createDocument(editor, getTenant('duelmen'), { data: data(offset + i, topic), body: 'Text.', note: '' });
    const revision = submitRevision(editor, doc, doc.latestRevisionId!);
    const start = process.hrtime.bigint();
    approveRevision(admin, doc, revision.id, '');
    times.push(ms(start));
  }
  return times;
}

const rows: [string, string, string][] = [];
const row = (what: string, figure: string, target: string) => {
  rows.push([what, figure, target]);
  console.log(`${what.padEnd(70)} ${figure.padStart(14)}   ${target}`);
};

// 1. Publish.
followers('s', 'themenfeld:schule', 'sofort');
timePublishes(3, 'mobilitaet', 0); // warm-up: prepared statements, page cache of SQLite
// Alternating, so both see the same database size and the same load of the machine.
const quiet: number[] = [];
const followed: number[] = [];
for (let i = 0; i < 30; i++) {
  // Which one goes first alternates too (a WAL checkpoint may fall on either).
  if (i % 2 === 0) {
    quiet.push(...timePublishes(1, 'mobilitaet', 100 + i));
    followed.push(...timePublishes(1, 'schule', 200 + i));
  } else {
    followed.push(...timePublishes(1, 'schule', 200 + i));
    quiet.push(...timePublishes(1, 'mobilitaet', 100 + i));
  }
}
fanOutPending(1000); // the 20 events above
getDb().delete(mailOutbox).run();
row('publish, Themenfeld nobody follows (median / p95)', `${median(quiet).toFixed(1)} / ${p95(quiet).toFixed(1)} ms`, '–');
row(`publish, Themenfeld ${FOLLOWERS} people follow "sofort" (median / p95)`, `${median(followed).toFixed(1)} / ${p95(followed).toFixed(1)} ms`, 'a few ms more');

// The background work that publish hands on: one event to FOLLOWERS notifications and mails.
const one = timePublishes(1, 'schule', 300);
void one;
let start = process.hrtime.bigint();
let cpuStart = process.cpuUsage();
fanOutPending(10);
row(`fan-out of one event to ${FOLLOWERS} followers (background; ${cpu(cpuStart)})`, `${(ms(start) / 1000).toFixed(2)} s`, '–');

// 2. Send the FOLLOWERS mails to a local SMTP server in its own process (plus the author's publish
// notice; the admin's review request is dropped: settled before it was sent).
const sink = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'smtp-sink.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
let sinkOut = '';
sink.stdout.on('data', (d) => (sinkOut += d));
const port = await new Promise<number>((resolve) => {
  sink.stdout.on('data', () => {
    const m = /listening (\d+)/.exec(sinkOut);
    if (m) resolve(Number(m[1]));
  });
});
const settings = loadMailSettings({ ...process.env, WISSENSNETZ_SMTP_URL: `smtp://127.0.0.1:${port}` });
const transport = createTransport(settings);
const queued = getDb().select({ id: mailOutbox.id }).from(mailOutbox).where(eq(mailOutbox.status, 'queued')).all().length;
process.stdout.write = ((write) => (chunk: string | Uint8Array, ...rest: unknown[]) => (String(chunk).includes('"event":"mail"') ? true : write(chunk, ...(rest as []))))(process.stdout.write.bind(process.stdout)) as typeof process.stdout.write;
start = process.hrtime.bigint();
cpuStart = process.cpuUsage();
const result = await sendDueMails(transport, renderOutboxMail, settings);
const sendCpu = cpu(cpuStart);
const sendMs = ms(start);
transport.close();
sink.kill('SIGTERM');
await new Promise((r) => sink.once('exit', r));
const acceptedBySink = Number(/accepted (\d+)/.exec(sinkOut)?.[1] ?? 0);
row(`outbox → local SMTP server: ${queued} mails, ${result.sent} sent, ${result.dropped} dropped (server counted ${acceptedBySink}; sender ${sendCpu})`, `${(sendMs / 1000).toFixed(1)} s`, '≤ 60 s');

// 3. Weekly digest: FOLLOWERS people follow Dülmen weekly; 20 Beiträge appear in the week.
followers('w', 'kommune:duelmen', 'woechentlich');
timePublishes(20, 'wirtschaft', 400);
start = process.hrtime.bigint();
cpuStart = process.cpuUsage();
while (fanOutPending(100) > 0);
row(`fan-out of 20 events to ${FOLLOWERS} weekly followers (background; ${cpu(cpuStart)})`, `${(ms(start) / 1000).toFixed(2)} s`, '–');
start = process.hrtime.bigint();
cpuStart = process.cpuUsage();
// Monday 2999-01-07, 09:00 Berlin: the weekly digest is due.
const jobs = runDueJobs(new Date('2999-01-07T08:00:00Z'), 7);
const queueMs = ms(start);
const queueCpu = cpu(cpuStart);
cpuStart = process.cpuUsage();
const digests = getDb().select().from(mailOutbox).where(eq(mailOutbox.kind, 'digest')).all();
start = process.hrtime.bigint();
let built = 0;
let items = 0;
for (const d of digests) {
  const mail = renderDigestMail(d);
  if ('mail' in mail) {
    built++;
    items += (mail.mail.text.match(/^- /gm) ?? []).length;
  }
}
const renderMs = ms(start);
const renderCpu = cpu(cpuStart);
row(`weekly digest: ${jobs.weekly} mails queued (${queueCpu})`, `${(queueMs / 1000).toFixed(2)} s`, '–');
row(`weekly digest: ${built} mails built (${items} items, visibility checked; ${renderCpu})`, `${(renderMs / 1000).toFixed(2)} s`, '–');
row(`weekly digest for ${FOLLOWERS} people, queued and built`, `${((queueMs + renderMs) / 1000).toFixed(2)} s`, '≤ 60 s');

console.log(`\nNode ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}, ${new Date().toISOString()}`);
fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
