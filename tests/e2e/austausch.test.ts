import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from './server';
import { expectAccessible, expectNoProblems, launchBrowser, openPage, readable, visit, type CheckedPage } from './browser';
import { get, signIn, signInCookie } from './auth';
import { useServerDatabase } from './search-data';
import { publishBeitrag } from '../fixtures/beitraege';

// The Austausch as people use it, in Chromium with axe on every page visited.
let server: TestServer;
let browser: Browser;
const opened: CheckedPage[] = [];
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ env: { WISSENSNETZ_RELATED_POLL_MS: '300' } }), launchBrowser()]);
  useServerDatabase(server);
});
afterAll(async () => {
  for (const checked of opened) expectNoProblems(checked);
  await browser?.close();
  await server?.stop();
});

async function personPage(tenant: string | null, role: 'mitarbeiter' | 'redakteur' | 'admin' = 'mitarbeiter', width?: number): Promise<CheckedPage> {
  const checked = await openPage(browser, server.url, width ? { width } : {});
  opened.push(checked);
  if (tenant) await signIn(checked.page, server.account(tenant, role));
  return checked;
}

/** Clicks a button and waits for the page it leads to, then runs axe on it. */
async function press(page: Page, name: string | RegExp): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: typeof name === 'string' }).click()]);
  await expectAccessible(page);
}

const mainText = async (page: Page) => readable(await page.locator('main').innerText());
const QUESTION = 'Gibt es schon eine Vorlage für die MDM-Ausschreibung der Grundschulen?';
const ARTEFACT = 'Leistungsverzeichnis: Mobile-Device-Management und Betrieb für Schulgeräte';
const ARTEFACT_PATH = '/coesfeld/beitraege/leistungsverzeichnis-mdm-schulen';

describe('a question to the network', () => {
  let asker: CheckedPage;
  let questionPath = '';

  it('a Dülmen Mitarbeiter:in asks; empty and over-long input is refused in German with the text kept', async () => {
    asker = await personPage('duelmen', 'mitarbeiter');
    const { page } = asker;
    await visit(page, '/fragen');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Frage stellen' }).click()]);
    await expectAccessible(page);
    await page.getByLabel('Worum geht es genau?').fill('x'.repeat(10_001));
    await press(page, 'Frage stellen');
    const alert = await page.getByRole('alert').innerText();
    expect(alert).toContain('Bitte geben Sie einen Titel ein.');
    expect(alert).toContain('Ihre Frage ist zu lang (höchstens 10.000 Zeichen');
    expect(alert).toContain('Bitte wählen Sie mindestens ein Themenfeld.');
    await expect(page.getByLabel('Worum geht es genau?').inputValue()).resolves.toHaveLength(10_001);

    await page.getByLabel('Ihre Frage in einem Satz').fill(QUESTION);
    await page.getByLabel('Worum geht es genau?').fill('Wir schreiben das **Mobile-Device-Management** für 600 Tablets aus.\n\n<script>window.__xss = 1</script>');
    await page.getByRole('checkbox', { name: 'Schule' }).check();
    await page.getByLabel(/^Schlagwörter/).fill('MDM-Ausschreibungen, Vergabe');
    await press(page, 'Frage stellen');
    questionPath = new URL(page.url()).pathname;
    expect(questionPath).toMatch(/^\/fragen\/\d+$/);
    expect(await page.getByRole('status').innerText()).toContain('Ihre Frage ist gestellt.');
    expect(readable(await page.locator('h1').innerText())).toBe(QUESTION);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await mainText(page)).toContain('intern');
  });

  it('a Senden Redakteur:in answers and links an Artefakt chosen by title search', async () => {
    const editor = await personPage('senden', 'redakteur');
    const { page } = editor;
    await visit(page, questionPath);
    await page.getByLabel('Ihre Antwort').fill('Coesfeld hat ein Leistungsverzeichnis veröffentlicht, das wir übernommen haben.');
    await page.getByLabel('Titel enthält').fill('leistungsverzeichnis mobile');
    await press(page, 'Beiträge suchen');
    // The text survives the search round trip.
    await expect(page.getByLabel('Ihre Antwort').inputValue()).resolves.toContain('übernommen haben');
    await page.getByRole('checkbox', { name: new RegExp(`^${ARTEFACT.replace(/[:()]/g, '.')}`) }).check();
    await press(page, 'Antwort veröffentlichen');
    expect(await page.getByRole('status').innerText()).toContain('Ihre Antwort ist veröffentlicht.');
    const answerBox = page.locator('article.exchange-entry', { hasText: 'übernommen haben' });
    expect(await answerBox.getByRole('link', { name: ARTEFACT }).getAttribute('href')).toBe(ARTEFACT_PATH);
    // Only the asker (or an admin of Dülmen) marks answers as helpful.
    expect(await page.getByRole('button', { name: /^Als hilfreich markieren/ }).count()).toBe(0);
  });

  it('the asker marks the answer as helpful and the question shows as answered', async () => {
    const { page } = asker;
    await visit(page, questionPath);
    await press(page, /^Als hilfreich markieren/);
    expect(await page.getByRole('status').innerText()).toContain('als hilfreich markiert');
    expect(await page.locator('.question > .meta').innerText()).toContain('beantwortet');
    await visit(page, '/fragen?status=beantwortet');
    expect(await mainText(page)).toContain(QUESTION);
    await visit(page, '/fragen?status=offen');
    expect(await mainText(page)).not.toContain(QUESTION);
  });

  it('the Artefakt shows the mention to staff, and not to anonymous visitors (the question is intern)', async () => {
    await visit(asker.page, ARTEFACT_PATH);
    const mention = asker.page.getByRole('region', { name: 'Erwähnt in Fragen' });
    expect(await mention.getByRole('link', { name: `„${QUESTION}“` }).getAttribute('href')).toBe(questionPath);
    const anonymous = await personPage(null);
    await visit(anonymous.page, ARTEFACT_PATH);
    expect(await mainText(anonymous.page)).not.toContain(QUESTION);
    await visit(anonymous.page, questionPath, 404);
  });

  it('tag pages list the question under any spelling of its tag, for those who may read it', async () => {
    await visit(asker.page, '/schlagwoerter');
    await Promise.all([asker.page.waitForNavigation(), asker.page.getByRole('link', { name: 'MDM-Ausschreibungen', exact: true }).click()]);
    await expectAccessible(asker.page);
    const tagPath = new URL(asker.page.url()).pathname;
    expect(await mainText(asker.page)).toContain(QUESTION);
    // The same page under another spelling.
    await visit(asker.page, '/schlagwoerter/MDM-Ausschreibung');
    expect(new URL(asker.page.url()).pathname).toBe(tagPath);
    // Leihgeräte: public Beiträge for everybody, the intern Nordkirchen form and the question only for staff.
    await visit(asker.page, '/schlagwoerter/Leihger%C3%A4te');
    const staffText = await mainText(asker.page);
    expect(staffText).toContain('Checkliste: Rückgabe von Leihgeräten zum Schuljahresende');
    expect(staffText).toContain('Formular: Antrag auf ein Schülerleihgerät');
    expect(staffText).toContain('Leihgeräte zum Schuljahresende – wie gehen Sie mit Schäden um?');
    const anonymous = await personPage(null);
    await visit(anonymous.page, '/schlagwoerter/Leihger%C3%A4te');
    const publicText = await mainText(anonymous.page);
    expect(publicText).toContain('Checkliste: Rückgabe von Leihgeräten zum Schuljahresende');
    expect(publicText).not.toContain('Formular: Antrag auf ein Schülerleihgerät');
    expect(publicText).not.toContain('wie gehen Sie mit Schäden um');
    await visit(anonymous.page, tagPath, 404);
  });

  it('the Beitrag editor offers the tags in use as suggestions, the question\u2019s new tag among them', async () => {
    const editor = await personPage('senden', 'redakteur');
    await visit(editor.page, '/senden/beitraege/neu?art=erfahrungsbericht');
    const options = await editor.page.locator('#schlagwort-vorschlaege option').evaluateAll((os) => os.map((o) => o.getAttribute('value')));
    expect(options.some((o) => /^Leihgerät/.test(o ?? ''))).toBe(true);
    expect(options).toContain('MDM-Ausschreibungen');
    expect(await editor.page.getByLabel('Schlagwörter').getAttribute('list')).toBe('schlagwort-vorschlaege');
  });
});

describe('comments on a Beitrag', () => {
  const path = '/nottuln/beitraege/leistungsverzeichnis-wlan-schulen';
  const TEXT = 'Wir haben die Access Points aus diesem LV ebenfalls ausgeschrieben – gute Erfahrungen.';

  it('are seen by signed-in staff and not by anonymous visitors, and a moderator of the Beitrag\u2019s Kommune hides one (audited)', async () => {
    const writer = await personPage('senden', 'mitarbeiter');
    await visit(writer.page, path);
    await writer.page.getByLabel('Ihr Kommentar').fill('');
    await press(writer.page, 'Kommentar veröffentlichen');
    expect(await writer.page.getByRole('alert').innerText()).toContain('Bitte geben Sie Ihren Kommentar ein.');
    await writer.page.getByLabel('Ihr Kommentar').fill(TEXT);
    await press(writer.page, 'Kommentar veröffentlichen');
    expect(await writer.page.getByRole('status').innerText()).toContain('Ihr Kommentar ist veröffentlicht.');
    expect(await mainText(writer.page)).toContain(TEXT);

    const reader = await personPage('duelmen', 'mitarbeiter');
    await visit(reader.page, path);
    expect(await mainText(reader.page)).toContain(TEXT);
    const anonymous = await personPage(null);
    await visit(anonymous.page, path);
    expect(await mainText(anonymous.page)).not.toContain(TEXT);
    expect(await mainText(anonymous.page)).toContain('Kommentare sehen und schreiben angemeldete Mitarbeiter:innen');
  });

  it('are hidden by a moderator of the Beitrag’s Kommune with a reason, audited, and then gone for staff', async () => {
    const reader = await personPage('duelmen', 'mitarbeiter');
    // Another Kommune's admin cannot hide it; Nottuln's admin can.
    const otherAdmin = await personPage('senden', 'admin');
    await visit(otherAdmin.page, path);
    expect(await otherAdmin.page.locator('article.exchange-entry', { hasText: TEXT }).getByText('Ausblenden').count()).toBe(0);
    const moderator = await personPage('nottuln', 'admin');
    await visit(moderator.page, path);
    const entry = moderator.page.locator('article.exchange-entry', { hasText: TEXT });
    await entry.locator('summary', { hasText: 'Ausblenden' }).click();
    await entry.getByLabel('Grund (wird angezeigt und protokolliert)').fill('Werbung für einen Anbieter');
    await Promise.all([moderator.page.waitForNavigation(), entry.getByRole('button', { name: 'Ausblenden' }).click()]);
    await expectAccessible(moderator.page);
    expect(await moderator.page.getByRole('status').innerText()).toContain('ausgeblendet');
    expect(await mainText(moderator.page)).toContain('Grund: Werbung für einen Anbieter');

    await visit(reader.page, path);
    expect(await mainText(reader.page)).not.toContain(TEXT);
    await visit(moderator.page, '/protokoll');
    expect(await mainText(moderator.page)).toMatch(/comment\.hide[\s\S]*Werbung für einen Anbieter/);
  });

  it('are reported to the moderators, who find the report under Meldungen', async () => {
    const reporter = await personPage('olfen', 'mitarbeiter');
    await visit(reporter.page, ARTEFACT_PATH);
    const entry = reporter.page.locator('article.exchange-entry').first();
    await entry.locator('summary', { hasText: 'Melden' }).click();
    await entry.getByLabel('Was ist an diesem Text nicht in Ordnung?').fill('Enthält eine private Telefonnummer');
    await Promise.all([reporter.page.waitForNavigation(), entry.getByRole('button', { name: 'An die Moderation melden' }).click()]);
    await expectAccessible(reporter.page);
    expect(await reporter.page.getByRole('status').innerText()).toContain('Ihre Meldung ist bei der Moderation');
    const moderator = await personPage('coesfeld', 'admin');
    await visit(moderator.page, '/meldungen');
    expect(await mainText(moderator.page)).toContain('Enthält eine private Telefonnummer');
    await press(moderator.page, /^Als erledigt markieren/);
    expect(await mainText(moderator.page)).not.toContain('Enthält eine private Telefonnummer');
  });
});

describe('related Beiträge', () => {
  it('show only Beiträge the reader may read, and each link opens', async () => {
    const words = 'Zisternenbewässerung für Schulgärten mit Regenwassertanks und Bodenfeuchtesensoren';
    const open = publishBeitrag({ tenant: 'havixbeck', title: 'Schulgärten mit Zisternenbewässerung', body: words, topics: ['schule'] });
    const duelmenOnly = publishBeitrag({ tenant: 'duelmen', visibility: 'kommune', title: 'Dülmener Zisternenbewässerung (nur Dülmen)', body: words, topics: ['schule'] });
    const intern = publishBeitrag({ tenant: 'olfen', visibility: 'intern', title: 'Olfener Zisternenbewässerung (intern)', body: words, topics: ['schule'] });
    const pathOf = (d: { tenant: string; slug: string }) => `/${d.tenant}/beitraege/${d.slug}`;
    const relatedTitles = async (page: Page): Promise<string[]> => {
      const box = page.getByRole('region', { name: 'Ähnliche Beiträge' });
      return (await box.count()) ? box.getByRole('link').allInnerTexts() : [];
    };
    const duelmen = await personPage('duelmen', 'mitarbeiter');
    // Computed in the background, shortly after the publish.
    const until = Date.now() + 30_000;
    for (;;) {
      await visit(duelmen.page, pathOf(open));
      if ((await relatedTitles(duelmen.page)).includes(duelmenOnly.title)) break;
      if (Date.now() > until) throw new Error('related Beiträge were not computed within 30 s');
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(await relatedTitles(duelmen.page)).toContain(intern.title);
    const senden = await personPage('senden', 'mitarbeiter');
    await visit(senden.page, pathOf(open));
    expect(await relatedTitles(senden.page)).toContain(intern.title);
    expect(await relatedTitles(senden.page)).not.toContain(duelmenOnly.title);
    const anonymous = await personPage(null);
    await visit(anonymous.page, pathOf(open));
    const seen = await relatedTitles(anonymous.page);
    expect(seen).not.toContain(intern.title);
    expect(seen).not.toContain(duelmenOnly.title);
    const cookie = await signInCookie(server, server.account('senden', 'mitarbeiter'));
    for (const href of await senden.page.getByRole('region', { name: 'Ähnliche Beiträge' }).getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')!))) {
      expect((await get(server, href, cookie)).status, href).toBe(200);
    }
  });
});

describe('Wer kann helfen?', () => {
  it('lists Kommunen with their mailboxes, and only people who opted in, to staff only', async () => {
    const staff = await personPage('luedinghausen', 'mitarbeiter');
    await visit(staff.page, '/themenfelder/schule');
    await Promise.all([staff.page.waitForNavigation(), staff.page.getByRole('link', { name: 'Wer kann helfen?' }).click()]);
    await expectAccessible(staff.page);
    const text = await mainText(staff.page);
    expect(text).toContain('Stadt Coesfeld');
    expect(text).toMatch(/Beiträge? veröffentlicht/);
    expect(text).toContain('Demo Redakteur:in Senden'); // opted in (demo data)
    expect(text).not.toContain('Demo Mitarbeiter:in Senden'); // did not
    expect(text).not.toContain('Demo Mitarbeiter:in Lüdinghausen');

    // Opting in on the account page puts the person's name there.
    await visit(staff.page, '/konto/ansprechpartner');
    await staff.page.getByRole('group', { name: /Themenfelder, zu denen/ }).getByRole('checkbox', { name: 'Schule' }).check();
    await staff.page.getByLabel(/^Hinweis/).fill('Moodle-Betrieb');
    await press(staff.page, 'Als Ansprechpartner:in eintragen');
    await visit(staff.page, '/themenfelder/schule/wer-kann-helfen');
    expect(await mainText(staff.page)).toContain('Demo Mitarbeiter:in Lüdinghausen');

    const anonymous = await personPage(null);
    await visit(anonymous.page, '/themenfelder/schule/wer-kann-helfen');
    const publicText = await mainText(anonymous.page);
    expect(publicText).toContain('Stadt Coesfeld');
    expect(publicText).not.toContain('Demo Redakteur:in Senden');
    expect(publicText).not.toContain('Demo Mitarbeiter:in Lüdinghausen');
    expect(publicText).toContain('Namen von Ansprechpartner:innen sehen nur angemeldete Mitarbeiter:innen');
  });
});

describe('every new page at 320 px', () => {
  it('has no sideways scrolling and no axe violations', async () => {
    const narrow = await personPage('duelmen', 'admin', 320);
    for (const path of ['/fragen', '/fragen/neu', '/fragen/1', '/fragen/3', '/austausch/antwort/1', '/schlagwoerter', '/schlagwoerter/Leihger%C3%A4te', '/schlagwoerter/Leihger%C3%A4te/wer-kann-helfen', '/themenfelder/soziales/wer-kann-helfen', '/konto/ansprechpartner', '/meldungen', ARTEFACT_PATH, `${ARTEFACT_PATH}/kommentare`, '/duelmen/']) {
      await visit(narrow.page, path);
      const overflow = await narrow.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `sideways scrolling on ${path}`).toBeLessThanOrEqual(0);
    }
    // The edit page of an own, fresh answer.
    await visit(narrow.page, '/fragen/3');
    await narrow.page.getByLabel('Ihre Antwort').fill('Kurze Ergänzung aus Dülmen.');
    await press(narrow.page, 'Antwort veröffentlichen');
    await Promise.all([narrow.page.waitForNavigation(), narrow.page.getByRole('link', { name: 'Bearbeiten' }).last().click()]);
    await expectAccessible(narrow.page);
    expect(await narrow.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  });
});
