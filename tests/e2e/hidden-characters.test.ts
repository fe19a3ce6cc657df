import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './server';
import { postForm, signInCookie } from './auth';

// One rule for file names and the one-line texts people type: no bidi overrides or other
// invisible characters (src/lib/text/hidden-characters.ts).

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const beitrag = (overrides: Record<string, string>) => ({
  title: 'Digitale Schulanmeldung in Dülmen',
  summary: 'Wie Eltern ihre Kinder seit 2026 online an den Grundschulen anmelden.',
  topics: 'schule',
  tags: 'Schulanmeldung, Onlinedienst',
  'field-ausgangslage': 'Papierformulare.',
  body: 'Der Bericht.',
  contactMailbox: 'schule@duelmen.de',
  contactPerson: '',
  stand: '2026-11-01',
  reviewDue: '2027-11-01',
  visibility: 'intern',
  note: 'Erste Fassung',
  ...overrides,
});

const documentsTitled = (fragment: string) => {
  const d = new Database(path.join(server.dataDir, 'wissensnetz.db'), { readonly: true });
  const n = (d.prepare('SELECT count(*) AS n FROM documents WHERE title LIKE ?').get(`%${fragment}%`) as { n: number }).n;
  d.close();
  return n;
};

describe('hidden characters in what people type', () => {
  it('a Beitrag whose title, summary, tags or contact carry a bidi override or zero-width character is refused with a German message', async () => {
    const cookie = await signInCookie(server, server.account('duelmen', 'redakteur'));
    const variants: Record<string, string>[] = [
      { title: 'Schulanmeldung \u202Efdp.exe' },
      { title: 'Schulanmeldung\u2066 isoliert\u2069' },
      { title: 'Schul\u200Banmeldung mit Nullbreite' },
      { summary: 'Wie Eltern ihre Kinder \u202Eonline\u202C anmelden, seit 2026.' },
      { tags: 'Schulanmeldung, \u202Enoitamrofni' },
      { contactPerson: 'Frau \u200FMuster' },
    ];
    for (const overrides of variants) {
      const res = await postForm(server, '/duelmen/beitraege/neu?art=erfahrungsbericht', beitrag({ ...overrides, title: overrides['title'] ?? `Unsichtbar ${JSON.stringify(overrides).length}` }), { cookie });
      expect(res.status, JSON.stringify(overrides)).toBe(422);
      expect(await res.text()).toContain('unsichtbare Steuer- oder Schreibrichtungszeichen');
    }
    expect(documentsTitled('Schulanmeldung')).toBe(0);
    expect(documentsTitled('Unsichtbar')).toBe(0);
    // The same Beitrag without them is saved.
    const ok = await postForm(server, '/duelmen/beitraege/neu?art=erfahrungsbericht', beitrag({}), { cookie });
    expect(ok.status).toBe(303);
  });

  it('a person accepting an invitation cannot take a name with a bidi override', async () => {
    const admin = await signInCookie(server, server.account('olfen', 'admin'));
    const invited = await postForm(server, '/olfen/mitglieder', { action: 'invite', email: 'neu@olfen.example', role: 'mitarbeiter' }, { cookie: admin });
    const token = /\/einladung\/([a-z0-9]+)"/.exec(await invited.text())![1]!;
    const refused = await postForm(server, `/einladung/${token}`, { name: 'Admin \u202Enilo', password: 'ein gutes langes Passwort', repeat: 'ein gutes langes Passwort' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Ihr Name enthält unsichtbare Steuer- oder Schreibrichtungszeichen');
    const accepted = await postForm(server, `/einladung/${token}`, { name: 'Nina Neu', password: 'ein gutes langes Passwort', repeat: 'ein gutes langes Passwort' });
    expect(accepted.status).toBe(303);
  });
});
