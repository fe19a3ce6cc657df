import { describe, expect, it } from 'vitest';
import { deleteAccount, exportPersonalData, FORMER_ACCOUNT } from '../../../src/lib/auth/account';
import { whoCanHelp } from '../../../src/lib/contacts/who-can-help';
import { parseOfferForm, saveOffer } from '../../../src/lib/contacts/offers';
import { listAnswers } from '../../../src/lib/exchange/answers';
import { listComments } from '../../../src/lib/exchange/comments';
import { getQuestion } from '../../../src/lib/exchange/questions';
import { getDocumentById } from '../../../src/lib/documents/revisions';
import { recordReuse } from '../../../src/lib/reuse/reuses';
import { tagKey } from '../../../src/lib/tags/normalise';
import { tagOverview, tagSuggestions } from '../../../src/lib/tags/overview';
import { insertDocument } from '../../../src/lib/documents/store';
import { publishBeitrag } from '../../fixtures/beitraege';
import { sampleData } from '../documents/helpers';
import { answer, ask, comment, person } from './helpers';

function publishTagged(tenant: string, title: string, tags: string[], visibility: 'oeffentlich' | 'intern' | 'kommune' = 'oeffentlich') {
  const data = sampleData({ title, tags, visibility, topics: ['mobilitaet'], contact: { mailbox: `mobil@${tenant}.example`, person: null } });
  return insertDocument({ tenant, source: 'web', status: 'veroeffentlicht', createdBy: null, revisions: [{ data, bodyMd: 'Text.', status: 'veroeffentlicht', authorId: null, authorLabel: 'Test', note: '' }] });
}

describe('Wer kann helfen?', () => {
  it('lists Kommunen that published, adopted or answered, with mailboxes, and names only people who opted in, to staff only', () => {
    const published = publishTagged('nordkirchen', 'Rufbus in Nordkirchen', ['Rufbusse']);
    publishTagged('olfen', 'Olfener Rufbus intern', ['Rufbus'], 'intern');
    recordReuse(published, { tenant: 'senden', status: 'uebernommen', note: '', contact: 'verkehr@senden.example' }, { id: null, label: 'Test' });
    recordReuse(published, { tenant: 'havixbeck', status: 'interessiert', note: '', contact: '' }, { id: null, label: 'Test' });
    const q = ask(person('billerbeck', 'mitarbeiter'), { title: 'Wer hat Erfahrung mit dem Rufbus?', tags: ['Rufbus'], topics: ['mobilitaet'] });
    answer(person('ascheberg', 'mitarbeiter'), q, 'Wir!');
    const helper = person('luedinghausen', 'mitarbeiter');
    saveOffer(helper.id, parseOfferForm({ topics: [], tags: 'Rufbus', note: 'Disposition' }).offer);
    person('luedinghausen', 'redakteur'); // a colleague who did not opt in

    const key = tagKey('Rufbus');
    const anonymous = whoCanHelp(null, { tag: key });
    expect(anonymous.kommunen.map((k) => k.tenant).sort()).toEqual(['nordkirchen', 'senden']);
    expect(anonymous.people).toEqual([]);
    expect(anonymous.kommunen.find((k) => k.tenant === 'nordkirchen')!.mailboxes).toEqual(['mobil@nordkirchen.example', 'info@nordkirchen.de']);

    const staff = whoCanHelp(person('coesfeld', 'mitarbeiter'), { tag: key });
    expect(staff.kommunen.map((k) => k.tenant).sort()).toEqual(['ascheberg', 'nordkirchen', 'olfen', 'senden']);
    expect(staff.kommunen.find((k) => k.tenant === 'senden')).toMatchObject({ adopted: 1, mailboxes: ['verkehr@senden.example', expect.stringContaining('@')] });
    expect(staff.kommunen.find((k) => k.tenant === 'ascheberg')).toMatchObject({ answered: 1, published: 0 });
    expect(staff.people.map((p) => p.name)).toEqual([helper.name]);
    expect(staff.people[0]).toMatchObject({ email: helper.email, tenants: ['luedinghausen'], note: 'Disposition' });
    expect(whoCanHelp(person('coesfeld', 'mitarbeiter'), { topic: 'soziales' }).people.map((p) => p.name)).not.toContain(helper.name);
  });
});

describe('tag overview and suggestions', () => {
  it('group spellings and count only what the viewer may read', () => {
    publishTagged('rosendahl', 'Carsharing im Dorf', ['E-Autos']);
    publishTagged('rosendahl', 'Carsharing intern', ['e-auto'], 'intern');
    ask(person('rosendahl', 'mitarbeiter'), { title: 'Welche E-Autos für den Fuhrpark?', tags: ['E-Auto'], visibility: 'kommune' });
    const group = (viewer: Parameters<typeof tagOverview>[0]) => tagOverview(viewer).find((g) => g.key === tagKey('E-Auto'));
    expect(group(null)).toMatchObject({ label: 'E-Autos', documents: 1, questions: 0, variants: ['E-Autos'] });
    expect(group(person('rosendahl', 'mitarbeiter'))).toMatchObject({ documents: 2, questions: 1 });
    expect(group(person('senden', 'mitarbeiter'))).toMatchObject({ documents: 2, questions: 0 });
    expect(tagSuggestions(null)).toContain('E-Autos');
    expect(tagSuggestions(null).filter((t) => tagKey(t) === tagKey('E-Auto'))).toHaveLength(1);
  });
});

describe('personal data', () => {
  it('exports a person\u2019s questions, answers, comments and offer, and keeps them as "ehemaliges Konto" after deletion', () => {
    const leaving = person('coesfeld', 'mitarbeiter');
    const q = ask(leaving, { title: 'Frage einer Person, die geht?' });
    const a = answer(leaving, ask(person('senden', 'mitarbeiter')), 'Antwort einer Person, die geht.');
    const doc = publishBeitrag({ title: 'Beitrag mit Kommentar einer Person, die geht', body: 'Text.' });
    const c = comment(leaving, doc, 'Kommentar einer Person, die geht.');
    saveOffer(leaving.id, { topics: ['schule'], tags: [], note: '' });
    const exported = exportPersonalData(leaving.id)['austausch'] as Record<string, { id?: number }[]>;
    expect(exported['fragen']!.map((x) => x.id)).toEqual([q.id]);
    expect(exported['antworten']!.map((x) => x.id)).toEqual([a.id]);
    expect(exported['kommentare']!.map((x) => x.id)).toEqual([c.id]);
    expect(exported['ansprechpartner']).not.toBeNull();

    deleteAccount(leaving.id);
    expect(getQuestion(q.id)!.authorLabel).toBe(FORMER_ACCOUNT);
    const reader = person('senden', 'mitarbeiter');
    expect(listAnswers(reader, getQuestion(a.questionId)!).find((v) => v.answer.id === a.id)!.answer).toMatchObject({ authorLabel: FORMER_ACCOUNT, authorId: null });
    expect(listComments(reader, getDocumentById(doc.id)!).find((x) => x.id === c.id)).toMatchObject({ authorLabel: FORMER_ACCOUNT, bodyMd: 'Kommentar einer Person, die geht.' });
    expect(whoCanHelp(reader, { topic: 'schule' }).people.map((p) => p.email)).not.toContain(leaving.email);
  });
});
