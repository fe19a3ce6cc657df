import crypto from 'node:crypto';
import { postForm, signInCookie } from './auth';
import type { TestServer } from './server';

// Writes through HTTP as people make them, for the reliability tests: an admin invites,
// the invited person accepts and gets an account. Each write that got its success answer
// is recorded, so a test can show it survived.
export interface AckedWrites {
  /** SHA-256 (hex) of every invitation token the admin was shown. */
  invitations: string[];
  /** E-mail of every account whose creation was answered with 303. */
  accounts: string[];
  /** Answers that were neither success nor a refused connection (status codes). */
  failures: number[];
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

/**
 * Runs `workers` parallel write loops until stop() returns true. A refused or reset
 * connection (the server was killed) ends a loop quietly; any other answer than success
 * is counted as a failure.
 */
export async function runWrites(server: TestServer, options: { workers: number; prefix: string; stop: () => boolean; acked?: AckedWrites }): Promise<AckedWrites> {
  const admin = await signInCookie(server, server.account('duelmen', 'admin'));
  // Filled as answers arrive, so a test can look at what was acknowledged so far.
  const acked: AckedWrites = options.acked ?? { invitations: [], accounts: [], failures: [] };
  let n = 0;
  await Promise.all(
    Array.from({ length: options.workers }, async () => {
      while (!options.stop()) {
        try {
          await inviteAndAccept(server, admin, `${options.prefix}-${n++}@duelmen.de`, acked);
        } catch {
          return; // connection refused or reset: the server is gone
        }
      }
    }),
  );
  return acked;
}
