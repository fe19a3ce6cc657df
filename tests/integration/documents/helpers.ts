import { createUser, setMembership } from '../../../src/lib/auth/users';
import { loadViewer, type Role, type Viewer } from '../../../src/lib/auth/viewer';
import type { DocumentData } from '../../../src/lib/documents/data';
import type { Actor } from '../../../src/lib/documents/workflow';

let counter = 0;

/** A person with one role in one administration, as the workflow sees them. */
export function makeActor(tenant: string, role: Role, name = `${role} ${tenant}`): Actor {
  counter++;
  const user = createUser({ email: `${role}.${tenant}.${counter}@test.invalid`, name: `${name} ${counter}`, passwordHash: null });
  setMembership(user.id, tenant, role);
  return { viewer: loadViewer(user.id) as Viewer, ip: '192.0.2.1' };
}

export function sampleData(overrides: Partial<DocumentData> = {}): DocumentData {
  return {
    title: 'Tablets für alle Grundschulen in Dülmen',
    summary: 'Wie Dülmen 1.200 Tablets an acht Grundschulen ausgerollt hat und was wir dabei gelernt haben.',
    type: 'erfahrungsbericht',
    topics: ['schule'],
    tags: ['Tablets', 'MDM'],
    visibility: 'oeffentlich',
    stand: '2026-05-01',
    reviewDue: '2027-05-01',
    contact: { mailbox: 'schule@duelmen.de', person: null },
    references: [],
    fields: { ausgangslage: 'Papier und alte Geräte.', ergebnis: 'Alle Klassen arbeiten mit Tablets.' },
    ...overrides,
  };
}
