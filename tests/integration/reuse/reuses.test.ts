import { beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../../src/lib/audit/log';
import type { Viewer } from '../../../src/lib/auth/viewer';
import { reuseMatrix } from '../../../src/lib/reuse/matrix';
import { listReusesOf, recordReuse, reusesForTenant, withdrawReuse } from '../../../src/lib/reuse/reuses';
import { handleReuseForm } from '../../../src/lib/reuse/form-handler';
import { HttpError } from '../../../src/lib/http/errors';
import type { OwningDocument } from '../../../src/lib/files/artefacts';
import { publishedDocument } from '../files/helpers';

const havixbeck: Viewer = { id: 'u-hx', email: 'm@havixbeck.example', name: 'Hanna Havixbeck', memberships: { havixbeck: 'mitarbeiter' }, isKreisAdmin: false };
const senden: Viewer = { id: 'u-se', email: 'm@senden.example', name: 'Sven Senden', memberships: { senden: 'mitarbeiter' }, isKreisAdmin: false };
const actor = (v: Viewer) => ({ id: null, label: v.name, ip: '127.0.0.1' });
let lv: OwningDocument;
let checklist: OwningDocument;
let internal: OwningDocument;

beforeAll(() => {
  lv = publishedDocument('coesfeld', 'lv-mdm');
  checklist = publishedDocument('billerbeck', 'checkliste');
  internal = publishedDocument('duelmen', 'nur-duelmen', 'kommune');
});

describe('recordReuse', () => {
  it('records, changes and withdraws a Nachnutzung, each step in the audit log', () => {
    recordReuse(lv, { tenant: 'havixbeck', status: 'interessiert', note: '', contact: '' }, actor(havixbeck));
    recordReuse(lv, { tenant: 'havixbeck', status: 'uebernommen', note: 'Mengen angepasst', contact: 'it@havixbeck.example' }, actor(havixbeck));
    const [record] = listReusesOf(null, lv);
    expect(record).toMatchObject({ tenant: 'havixbeck', status: 'uebernommen', note: 'Mengen angepasst' });
    expect(withdrawReuse(lv, 'havixbeck', actor(havixbeck))).toBe(true);
    expect(listReusesOf(null, lv)).toEqual([]);
    const actions = listAudit(['havixbeck'], 1).items.map((e) => `${e.action} ${e.detail}`);
    expect(actions.slice(0, 3)).toEqual(['reuse.withdraw uebernommen', 'reuse.change interessiert → uebernommen', 'reuse.record interessiert']);
  });

  it('refuses a Kommune recording reuse of its own Beitrag', () => {
    expect(() => recordReuse(lv, { tenant: 'coesfeld', status: 'uebernommen', note: '', contact: '' }, actor(havixbeck))).toThrow();
  });
});

describe('handleReuseForm', () => {
  it('refuses a member who records for a Kommune they do not belong to', () => {
    expect(() => handleReuseForm(lv, havixbeck, '', { kommune: 'senden', status: 'uebernommen' })).toThrow(HttpError);
  });

  it('answers an unknown status with a German message and stores nothing', () => {
    const outcome = handleReuseForm(checklist, senden, '', { kommune: 'senden', status: 'vielleicht' });
    expect(outcome).toMatchObject({ ok: false, errors: { status: 'Bitte wählen Sie einen Stand der Nachnutzung.' } });
    expect(listReusesOf(null, checklist)).toEqual([]);
  });
});

describe('reuseMatrix', () => {
  it('puts the most adopted Beitrag first', () => {
    recordReuse(checklist, { tenant: 'senden', status: 'uebernommen', note: '', contact: '' }, actor(senden));
    recordReuse(checklist, { tenant: 'coesfeld', status: 'uebernommen', note: '', contact: '' }, actor(senden));
    recordReuse(lv, { tenant: 'senden', status: 'interessiert', note: '', contact: '' }, actor(senden));
    recordReuse(lv, { tenant: 'havixbeck', status: 'in_umsetzung', note: '', contact: '' }, actor(havixbeck));
    recordReuse(lv, { tenant: 'nottuln', status: 'interessiert', note: '', contact: '' }, actor(havixbeck));
    const rows = reuseMatrix(null);
    expect(rows.map((r) => [r.document.slug, r.adopted, r.total])).toEqual([
      ['checkliste', 2, 2],
      ['lv-mdm', 0, 3],
    ]);
    expect(rows[0]!.cells.get('senden')).toBe('uebernommen');
  });

  it('hides reuse of a "nur Kommune" Beitrag from everyone outside that Kommune', () => {
    recordReuse(internal, { tenant: 'senden', status: 'interessiert', note: '', contact: '' }, actor(senden));
    const duelmen: Viewer = { ...senden, id: 'u-du', memberships: { duelmen: 'mitarbeiter' } };
    expect(reuseMatrix(null).some((r) => r.document.slug === 'nur-duelmen')).toBe(false);
    expect(reuseMatrix(havixbeck).some((r) => r.document.slug === 'nur-duelmen')).toBe(false);
    expect(reuseMatrix(duelmen).some((r) => r.document.slug === 'nur-duelmen')).toBe(true);
    expect(reusesForTenant(null, 'senden').reusing.map((r) => r.document.slug).sort()).toEqual(['checkliste', 'lv-mdm']);
  });
});
