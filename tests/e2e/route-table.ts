/**
 * Every route × every kind of person, with the status they must get. The test fails when a
 * page or endpoint under src/pages has no row here: new routes must decide who may use them.
 *
 * The people: anonymous; Mitarbeiter:in, Redakteur:in and Admin of Dülmen; Admin of Senden
 * (another Kommune); Kreis admin. Rows use Dülmen as the Kommune concerned.
 */
export const WHO = ['anonym', 'mitarbeiter', 'redakteur', 'admin', 'adminAndere', 'kreisAdmin'] as const;
export type Who = (typeof WHO)[number];

export interface RouteCase {
  /** The file-based route, e.g. /[kommune]/mitglieder. */
  route: string;
  method: 'GET' | 'POST';
  path: string;
  form?: Record<string, string>;
  expect: Record<Who, number>;
}

const all = (status: number): Record<Who, number> => ({ anonym: status, mitarbeiter: status, redakteur: status, admin: status, adminAndere: status, kreisAdmin: status });
const signedIn = (status: number, anonym: number): Record<Who, number> => ({ ...all(status), anonym });
/** Admins of Dülmen (and Kreis admins) only. */
const duelmenAdmin = (ok: number, anonym: number): Record<Who, number> => ({ anonym, mitarbeiter: 403, redakteur: 403, admin: ok, adminAndere: 403, kreisAdmin: ok });

/** Redakteur:innen and admins of Dülmen, Kreis admins. */
const duelmenEditor = (ok: number, anonym: number): Record<Who, number> => ({ anonym, mitarbeiter: 403, redakteur: ok, admin: ok, adminAndere: 403, kreisAdmin: ok });
/** Members of Dülmen and Kreis admins; everybody else gets `other`. */
const duelmenMember = (ok: number, other: number): Record<Who, number> => ({ anonym: other, mitarbeiter: ok, redakteur: ok, admin: ok, adminAndere: other, kreisAdmin: ok });

export const ROUTES: RouteCase[] = [
  { route: '/', method: 'GET', path: '/', expect: all(200) },
  { route: '/kommunen', method: 'GET', path: '/kommunen', expect: all(200) },
  { route: '/ueber', method: 'GET', path: '/ueber', expect: all(200) },
  { route: '/hilfe', method: 'GET', path: '/hilfe', expect: all(200) },
  { route: '/404', method: 'GET', path: '/404', expect: all(404) },
  { route: '/500', method: 'GET', path: '/500', expect: all(500) },
  { route: '/fehler', method: 'GET', path: '/fehler', expect: all(404) },
  { route: '/health', method: 'GET', path: '/health', expect: all(200) },
  { route: '/favicon.svg', method: 'GET', path: '/favicon.svg', expect: all(200) },
  { route: '/anmelden', method: 'GET', path: '/anmelden', expect: all(200) },
  { route: '/anmelden', method: 'POST', path: '/anmelden', form: { email: '', password: '' }, expect: all(400) },
  { route: '/konto/', method: 'GET', path: '/konto', expect: signedIn(200, 303) },
  { route: '/konto/', method: 'POST', path: '/konto', form: { action: 'unbekannt' }, expect: signedIn(400, 401) },
  { route: '/konto/daten.json', method: 'GET', path: '/konto/daten.json', expect: signedIn(200, 303) },
  { route: '/einladung/[token]', method: 'GET', path: '/einladung/gibtesnicht', expect: all(404) },
  { route: '/einladung/[token]', method: 'POST', path: '/einladung/gibtesnicht', form: { name: 'X' }, expect: all(404) },
  { route: '/protokoll', method: 'GET', path: '/protokoll', expect: { anonym: 303, mitarbeiter: 403, redakteur: 403, admin: 200, adminAndere: 200, kreisAdmin: 200 } },
  { route: '/[kommune]/', method: 'GET', path: '/duelmen/', expect: all(200) },
  { route: '/[kommune]/farben.css', method: 'GET', path: '/duelmen/farben.css', expect: all(200) },
  { route: '/[kommune]/logo.svg', method: 'GET', path: '/duelmen/logo.svg', expect: all(200) },
  { route: '/[kommune]/impressum', method: 'GET', path: '/duelmen/impressum', expect: all(200) },
  { route: '/[kommune]/datenschutz', method: 'GET', path: '/duelmen/datenschutz', expect: all(200) },
  { route: '/[kommune]/barrierefreiheit', method: 'GET', path: '/duelmen/barrierefreiheit', expect: all(200) },
  { route: '/[kommune]/kontakt', method: 'GET', path: '/duelmen/kontakt', expect: all(200) },
  { route: '/[kommune]/mitglieder', method: 'GET', path: '/duelmen/mitglieder', expect: duelmenAdmin(200, 303) },
  { route: '/[kommune]/mitglieder', method: 'POST', path: '/duelmen/mitglieder', form: { action: 'invite', email: 'keine-adresse' }, expect: duelmenAdmin(400, 401) },
  // --- Beiträge ---------------------------------------------------------------------
  // "but-antraege-digital" is a published "nur Kommune" demo Beitrag of Dülmen: outside Dülmen it does not exist (404).
  { route: '/beitraege/', method: 'GET', path: '/beitraege?art=artefakt&sortierung=titel', expect: all(200) },
  { route: '/themenfelder/', method: 'GET', path: '/themenfelder', expect: all(200) },
  { route: '/themenfelder/[thema]/', method: 'GET', path: '/themenfelder/schule', expect: all(200) },
  { route: '/themenfelder/[thema]/feed.xml', method: 'GET', path: '/themenfelder/soziales/feed.xml', expect: all(200) },
  { route: '/feed.xml', method: 'GET', path: '/feed.xml', expect: all(200) },
  { route: '/sitemap.xml', method: 'GET', path: '/sitemap.xml', expect: all(200) },
  { route: '/[kommune]/feed.xml', method: 'GET', path: '/duelmen/feed.xml', expect: all(200) },
  { route: '/[kommune]/beitraege/', method: 'GET', path: '/duelmen/beitraege', expect: all(301) },
  { route: '/redaktion', method: 'GET', path: '/redaktion', expect: signedIn(200, 303) },
  { route: '/[kommune]/beitraege/neu', method: 'GET', path: '/duelmen/beitraege/neu?art=erfahrungsbericht', expect: duelmenEditor(200, 303) },
  { route: '/[kommune]/beitraege/neu', method: 'POST', path: '/duelmen/beitraege/neu?art=erfahrungsbericht', form: { title: '', aktion: 'speichern' }, expect: duelmenEditor(422, 401) },
  { route: '/[kommune]/beitraege/[slug]/', method: 'GET', path: '/duelmen/beitraege/but-antraege-digital', expect: duelmenMember(200, 404) },
  { route: '/[kommune]/beitraege/[slug]/drucken', method: 'GET', path: '/duelmen/beitraege/but-antraege-digital/drucken', expect: duelmenMember(200, 404) },
  { route: '/[kommune]/beitraege/[slug]/bearbeiten', method: 'GET', path: '/duelmen/beitraege/but-antraege-digital/bearbeiten', expect: duelmenEditor(200, 303) },
  { route: '/[kommune]/beitraege/[slug]/bearbeiten', method: 'POST', path: '/duelmen/beitraege/but-antraege-digital/bearbeiten', form: { title: '', aktion: 'speichern' }, expect: duelmenEditor(422, 401) },
  { route: '/[kommune]/beitraege/[slug]/aktion', method: 'POST', path: '/duelmen/beitraege/but-antraege-digital/aktion', form: { aktion: 'unbekannt' }, expect: duelmenEditor(400, 401) },
  { route: '/[kommune]/beitraege/[slug]/pruefung', method: 'GET', path: '/duelmen/beitraege/but-antraege-digital/pruefung', expect: duelmenAdmin(200, 303) },
  { route: '/[kommune]/beitraege/[slug]/pruefung', method: 'POST', path: '/duelmen/beitraege/but-antraege-digital/pruefung', form: { aktion: 'zurueckgeben', kommentar: '' }, expect: duelmenAdmin(422, 401) },
  { route: '/[kommune]/beitraege/[slug]/versionen/', method: 'GET', path: '/duelmen/beitraege/but-antraege-digital/versionen', expect: duelmenEditor(200, 303) },
  { route: '/[kommune]/beitraege/[slug]/versionen/[nummer]', method: 'GET', path: '/duelmen/beitraege/but-antraege-digital/versionen/1', expect: duelmenEditor(200, 303) },
  // Restoring revision 999 (which does not exist) shows the guard without changing the demo data.
  { route: '/[kommune]/beitraege/[slug]/versionen/[nummer]', method: 'POST', path: '/duelmen/beitraege/but-antraege-digital/versionen/999', form: {}, expect: { anonym: 401, mitarbeiter: 403, redakteur: 404, admin: 404, adminAndere: 403, kreisAdmin: 404 } },
  { route: '/[kommune]/beitraege/[slug]/versionen/vergleich', method: 'GET', path: '/duelmen/beitraege/but-antraege-digital/versionen/vergleich?von=1&zu=1', expect: duelmenEditor(200, 303) },
  // --- end Beiträge ------------------------------------------------------------------------------
  // Files and Nachnutzung. Version 12 is the demo CSV of Dülmen's "nur Kommune" Beitrag
  // but-antraege-digital (content/demo-dateien/manifest.yaml, loaded in order).
  { route: '/nachnutzung', method: 'GET', path: '/nachnutzung', expect: all(200) },
  { route: '/[kommune]/dateien/[id]', method: 'GET', path: '/duelmen/dateien/12', expect: { anonym: 404, mitarbeiter: 200, redakteur: 200, admin: 200, adminAndere: 404, kreisAdmin: 200 } },
  { route: '/[kommune]/beitraege/[slug]/dateien/', method: 'GET', path: '/duelmen/beitraege/vorlage-dsfa-lernplattform/dateien', expect: { anonym: 303, mitarbeiter: 403, redakteur: 200, admin: 200, adminAndere: 403, kreisAdmin: 200 } },
  // A urlencoded body is no upload: 400 for those who may upload.
  { route: '/[kommune]/beitraege/[slug]/dateien/', method: 'POST', path: '/duelmen/beitraege/vorlage-dsfa-lernplattform/dateien', form: { titel: 'x' }, expect: { anonym: 401, mitarbeiter: 403, redakteur: 400, admin: 400, adminAndere: 403, kreisAdmin: 400 } },
  { route: '/[kommune]/beitraege/[slug]/dateien/loeschen', method: 'POST', path: '/duelmen/beitraege/vorlage-dsfa-lernplattform/dateien/loeschen', form: {}, expect: { anonym: 401, mitarbeiter: 403, redakteur: 400, admin: 400, adminAndere: 403, kreisAdmin: 400 } },
  { route: '/[kommune]/beitraege/[slug]/nachnutzung', method: 'GET', path: '/duelmen/beitraege/vorlage-dsfa-lernplattform/nachnutzung', expect: { anonym: 303, mitarbeiter: 403, redakteur: 403, admin: 403, adminAndere: 200, kreisAdmin: 200 } },
  { route: '/[kommune]/beitraege/[slug]/nachnutzung', method: 'POST', path: '/duelmen/beitraege/vorlage-dsfa-lernplattform/nachnutzung', form: { kommune: 'senden', status: 'vielleicht' }, expect: { anonym: 401, mitarbeiter: 403, redakteur: 403, admin: 403, adminAndere: 422, kreisAdmin: 422 } },
  // Search. Index files: see tests/e2e/search.test.ts for real generations (the canary test).
  { route: '/suche/', method: 'GET', path: '/suche?q=Schule', expect: all(200) },
  { route: '/suche/daten/aktuell.json', method: 'GET', path: '/suche/daten/aktuell.json', expect: all(200) },
  { route: '/suche/daten/[...path]', method: 'GET', path: '/suche/daten/b-1-1/intern/pagefind.js', expect: all(404) },
  { route: '/verwaltung/suche', method: 'GET', path: '/verwaltung/suche', expect: { anonym: 303, mitarbeiter: 403, redakteur: 403, admin: 403, adminAndere: 403, kreisAdmin: 200 } },
  { route: '/verwaltung/suche', method: 'POST', path: '/verwaltung/suche', form: {}, expect: { anonym: 401, mitarbeiter: 403, redakteur: 403, admin: 403, adminAndere: 403, kreisAdmin: 303 } },
  // Benachrichtigungen: settings of the signed-in person; public pages whose token in the link is the authorisation.
  { route: '/benachrichtigungen/', method: 'GET', path: '/benachrichtigungen', expect: signedIn(200, 303) },
  { route: '/benachrichtigungen/', method: 'POST', path: '/benachrichtigungen', form: { aktion: 'unbekannt' }, expect: signedIn(400, 401) },
  { route: '/abbestellen', method: 'GET', path: '/abbestellen?t=ungueltig', expect: all(404) },
  { route: '/abbestellen', method: 'POST', path: '/abbestellen', form: { t: 'ungueltig' }, expect: all(404) },
  { route: '/passwort-vergessen', method: 'GET', path: '/passwort-vergessen', expect: all(200) },
  { route: '/passwort-vergessen', method: 'POST', path: '/passwort-vergessen', form: { email: '' }, expect: all(400) },
  { route: '/passwort-neu', method: 'GET', path: '/passwort-neu?t=ungueltig', expect: all(404) },
  { route: '/passwort-neu', method: 'POST', path: '/passwort-neu', form: { t: 'ungueltig', password: '', repeat: '' }, expect: all(410) },
  // Outside production only (tests run without NODE_ENV=production): the .eml mails of a demo.
  { route: '/verwaltung/mails/', method: 'GET', path: '/verwaltung/mails', expect: { anonym: 303, mitarbeiter: 403, redakteur: 403, admin: 403, adminAndere: 403, kreisAdmin: 200 } },
  { route: '/verwaltung/mails/[datei]', method: 'GET', path: '/verwaltung/mails/gibt-es-nicht.eml', expect: { anonym: 303, mitarbeiter: 403, redakteur: 403, admin: 403, adminAndere: 403, kreisAdmin: 404 } },
  // Austausch (questions, answers, comments, tags, Wer kann helfen?). Demo data (content/austausch/demo.yaml):
  // question 2 is Dülmen's "nur Kommune" question, answer 3 (by Dülmen's demo admin, weeks old) belongs to it;
  // the tag "BuT" is carried only by Dülmen's "nur Kommune" Beitrag and question.
  { route: '/fragen/', method: 'GET', path: '/fragen?status=offen&thema=schule', expect: all(200) },
  { route: '/fragen/neu', method: 'GET', path: '/fragen/neu', expect: signedIn(200, 303) },
  { route: '/fragen/neu', method: 'POST', path: '/fragen/neu', form: { titel: '', text: '' }, expect: signedIn(422, 401) },
  { route: '/fragen/[id]', method: 'GET', path: '/fragen/2', expect: duelmenMember(200, 404) },
  { route: '/fragen/[id]', method: 'POST', path: '/fragen/2', form: { aktion: 'antworten', text: '' }, expect: duelmenMember(422, 404) },
  { route: '/austausch/[art]/[id]/', method: 'GET', path: '/austausch/antwort/3', expect: duelmenMember(200, 404) },
  { route: '/austausch/[art]/[id]/', method: 'POST', path: '/austausch/antwort/3', form: { aktion: 'melden', grund: '' }, expect: duelmenMember(422, 404) },
  { route: '/austausch/[art]/[id]/bearbeiten', method: 'GET', path: '/austausch/antwort/3/bearbeiten', expect: { anonym: 303, mitarbeiter: 403, redakteur: 403, admin: 403, adminAndere: 404, kreisAdmin: 403 } },
  { route: '/austausch/[art]/[id]/bearbeiten', method: 'POST', path: '/austausch/antwort/3/bearbeiten', form: { text: '' }, expect: { anonym: 401, mitarbeiter: 403, redakteur: 403, admin: 403, adminAndere: 404, kreisAdmin: 403 } },
  { route: '/[kommune]/beitraege/[slug]/kommentare', method: 'GET', path: '/duelmen/beitraege/but-antraege-digital/kommentare', expect: { ...duelmenMember(200, 404), anonym: 303 } },
  { route: '/[kommune]/beitraege/[slug]/kommentare', method: 'POST', path: '/duelmen/beitraege/but-antraege-digital/kommentare', form: { kommentar: '' }, expect: { ...duelmenMember(422, 404), anonym: 401 } },
  { route: '/meldungen', method: 'GET', path: '/meldungen', expect: { anonym: 303, mitarbeiter: 403, redakteur: 403, admin: 200, adminAndere: 200, kreisAdmin: 200 } },
  { route: '/meldungen', method: 'POST', path: '/meldungen', form: { aktion: 'unbekannt' }, expect: { anonym: 401, mitarbeiter: 403, redakteur: 403, admin: 400, adminAndere: 400, kreisAdmin: 400 } },
  { route: '/schlagwoerter/', method: 'GET', path: '/schlagwoerter', expect: all(200) },
  { route: '/schlagwoerter/[schlagwort]/', method: 'GET', path: '/schlagwoerter/but', expect: duelmenMember(200, 404) },
  { route: '/schlagwoerter/[schlagwort]/wer-kann-helfen', method: 'GET', path: '/schlagwoerter/but/wer-kann-helfen', expect: duelmenMember(200, 404) },
  { route: '/themenfelder/[thema]/wer-kann-helfen', method: 'GET', path: '/themenfelder/soziales/wer-kann-helfen', expect: all(200) },
  { route: '/konto/ansprechpartner', method: 'GET', path: '/konto/ansprechpartner', expect: signedIn(200, 303) },
  { route: '/konto/ansprechpartner', method: 'POST', path: '/konto/ansprechpartner', form: { aktion: 'unbekannt' }, expect: signedIn(400, 401) },
  // Sign-in with a Kommune's identity provider and the second factor. This server names no provider
  // (see tests/e2e/sso.test.ts for real ones); the half-finished sign-in pages need a cookie of their own.
  { route: '/anmelden/sso/[kommune]/', method: 'GET', path: '/anmelden/sso/duelmen', expect: all(404) },
  { route: '/anmelden/sso/[kommune]/rueckkehr', method: 'GET', path: '/anmelden/sso/duelmen/rueckkehr?code=x&state=y', expect: all(404) },
  { route: '/anmelden/code', method: 'GET', path: '/anmelden/code', expect: all(410) },
  { route: '/anmelden/code', method: 'POST', path: '/anmelden/code', form: { code: '123456' }, expect: all(410) },
  { route: '/anmelden/verknuepfen', method: 'GET', path: '/anmelden/verknuepfen', expect: all(410) },
  { route: '/anmelden/verknuepfen', method: 'POST', path: '/anmelden/verknuepfen', form: { password: 'x' }, expect: all(410) },
  { route: '/abgemeldet', method: 'GET', path: '/abgemeldet?anbieter=duelmen', expect: all(200) },
  { route: '/konto/zwei-faktor', method: 'GET', path: '/konto/zwei-faktor', expect: signedIn(200, 303) },
  { route: '/konto/zwei-faktor', method: 'POST', path: '/konto/zwei-faktor', form: { action: 'unbekannt' }, expect: signedIn(400, 401) },
  { route: '/protokoll.csv', method: 'GET', path: '/protokoll.csv?art=anmeldung', expect: { anonym: 303, mitarbeiter: 403, redakteur: 403, admin: 200, adminAndere: 200, kreisAdmin: 200 } },
  { route: '/verwaltung/', method: 'GET', path: '/verwaltung', expect: { anonym: 303, mitarbeiter: 403, redakteur: 403, admin: 200, adminAndere: 200, kreisAdmin: 200 } },
  // Interfaces: the /api page, embedding, publiccode.yml (the read API itself: API_ROUTES below).
  { route: '/api/', method: 'GET', path: '/api', expect: all(200) },
  { route: '/einbetten/', method: 'GET', path: '/einbetten?kommune=duelmen', expect: all(200) },
  { route: '/einbetten/[kommune]', method: 'GET', path: '/einbetten/duelmen', expect: all(200) },
  { route: '/[kommune]/beitraege/[slug]/publiccode.yml', method: 'GET', path: '/luedinghausen/beitraege/skript-inventarabgleich-mdm/publiccode.yml', expect: all(200) },
  // Kreis overview of every Kommune's figures, with CSV.
  { route: '/verwaltung/kommunen', method: 'GET', path: '/verwaltung/kommunen', expect: { anonym: 303, mitarbeiter: 403, redakteur: 403, admin: 403, adminAndere: 403, kreisAdmin: 200 } },
  { route: '/verwaltung/kommunen.csv', method: 'GET', path: '/verwaltung/kommunen.csv', expect: { anonym: 303, mitarbeiter: 403, redakteur: 403, admin: 403, adminAndere: 403, kreisAdmin: 200 } },
  // Sign-out ends the session, so it runs last for each person.
  { route: '/abmelden', method: 'POST', path: '/abmelden', expect: all(303) },
];

/**
 * The read API × every kind of caller. The API never reads the session cookie, so a signed-in
 * browser (`cookie`) is anonymous there; identity comes only from a Bearer token. Tokens of
 * the five people above, and tokens that must not work: revoked, expired, and one of an
 * account disabled after the token was made.
 */
export const API_WHO = ['anonym', 'cookie', 'tokenMitarbeiter', 'tokenRedakteur', 'tokenAdmin', 'tokenAdminAndere', 'tokenKreisAdmin', 'tokenWiderrufen', 'tokenAbgelaufen', 'tokenDeaktiviert'] as const;
export type ApiWho = (typeof API_WHO)[number];

export interface ApiRouteCase {
  route: string;
  method: 'GET' | 'POST';
  path: string;
  expect: Record<ApiWho, number>;
}

/** `ok` for anybody with a valid token or none; 401 for a token that must not work. */
const apiAll = (ok: number): Record<ApiWho, number> => ({
  anonym: ok, cookie: ok, tokenMitarbeiter: ok, tokenRedakteur: ok, tokenAdmin: ok, tokenAdminAndere: ok, tokenKreisAdmin: ok,
  tokenWiderrufen: 401, tokenAbgelaufen: 401, tokenDeaktiviert: 401,
});
/** Dülmen's "nur Kommune" content: tokens of Dülmen members and the Kreis admin; everybody else the same 404. */
const apiDuelmenMember = (): Record<ApiWho, number> => ({ ...apiAll(404), tokenMitarbeiter: 200, tokenRedakteur: 200, tokenAdmin: 200, tokenKreisAdmin: 200 });

export const API_ROUTES: ApiRouteCase[] = [
  { route: '/api/v1/openapi.json', method: 'GET', path: '/api/v1/openapi.json', expect: apiAll(200) },
  { route: '/api/v1/beitraege/', method: 'GET', path: '/api/v1/beitraege?kommune=duelmen&limit=5', expect: apiAll(200) },
  { route: '/api/v1/beitraege/', method: 'GET', path: '/api/v1/beitraege?thema=schule', expect: apiAll(400) },
  { route: '/api/v1/beitraege/', method: 'POST', path: '/api/v1/beitraege', expect: { ...apiAll(405), tokenWiderrufen: 405, tokenAbgelaufen: 405, tokenDeaktiviert: 405 } },
  { route: '/api/v1/beitraege/[kommune]/[slug]', method: 'GET', path: '/api/v1/beitraege/luedinghausen/skript-inventarabgleich-mdm', expect: apiAll(200) },
  { route: '/api/v1/beitraege/[kommune]/[slug]', method: 'GET', path: '/api/v1/beitraege/duelmen/but-antraege-digital', expect: apiDuelmenMember() },
  { route: '/api/v1/dateien/[id]', method: 'GET', path: '/api/v1/dateien/12', expect: apiDuelmenMember() },
  { route: '/api/v1/kommunen', method: 'GET', path: '/api/v1/kommunen', expect: apiAll(200) },
  { route: '/api/v1/themenfelder', method: 'GET', path: '/api/v1/themenfelder', expect: apiAll(200) },
  { route: '/api/v1/tags', method: 'GET', path: '/api/v1/tags', expect: apiAll(200) },
  { route: '/api/v1/nachnutzung', method: 'GET', path: '/api/v1/nachnutzung', expect: apiAll(200) },
];
