import type { DocumentData } from '../../src/lib/documents/data';
import { TOPICS, type DocumentType } from '../../src/lib/documents/vocabulary';

/** A small deterministic PRNG, so every run indexes the same corpus. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = ['Schule', 'Schulträger', 'Verwaltung', 'Antrag', 'Anträge', 'Fördermittel', 'Digitalisierung', 'Datenschutz', 'Medienentwicklungsplan', 'Tablet', 'Lernplattform', 'Jugendamt', 'Sozialamt', 'Wohngeld', 'Bürgerbüro', 'Onlinedienst', 'Schulsozialarbeit', 'Dienstfahrzeuge', 'Ganztagsschule', 'Leistungsverzeichnis', 'Ausschreibung', 'Rahmenvertrag', 'Fachanwendung', 'Serviceportal', 'Elternbrief', 'Einwilligung', 'Netzwerk', 'Breitbandausbau', 'Innenstadt', 'Leerstand', 'Wirtschaftsförderung', 'Mobilitätsstation', 'Radverkehr', 'Ratsinformationssystem', 'Sitzungsvorlage', 'Haushaltsplan', 'Personalrat', 'Schulung', 'Fortbildung', 'Support', 'Geräteverwaltung', 'Inventarliste', 'Kindertagesstätte', 'Beratungsstelle', 'Fallmanagement', 'Dokumentation', 'Statistik', 'Kreistag', 'Bürgermeisterin', 'Kämmerei', 'Vergabestelle', 'Projektgruppe', 'Lenkungskreis', 'Arbeitsgruppe', 'Förderaufruf', 'Verwendungsnachweis', 'Zuwendungsbescheid', 'Straßenbeleuchtung', 'Ortsmitte', 'Marktplatz', 'Wochenmarkt', 'Gewerbegebiet', 'Glasfaser', 'WLAN', 'Lehrkräfte', 'Schülerinnen', 'Eltern', 'Familien', 'Jugendliche', 'Senioren', 'Ehrenamt', 'Vereine'];
const VERBS = ['eingeführt', 'umgestellt', 'ausgeschrieben', 'beschlossen', 'abgestimmt', 'geprüft', 'getestet', 'begleitet', 'dokumentiert', 'ausgewertet', 'verlängert', 'erweitert', 'vereinfacht', 'digitalisiert', 'beantragt', 'bewilligt'];
const ADJ = ['digitale', 'neue', 'gemeinsame', 'kreisweite', 'städtische', 'interkommunale', 'einfache', 'sichere', 'barrierefreie', 'zentrale', 'verlässliche', 'kleine', 'große', 'schnelle', 'übertragbare'];
const CONNECT = ['Dabei', 'Außerdem', 'Zunächst', 'Anschließend', 'Im Ergebnis', 'Rückblickend', 'Gleichzeitig', 'Wichtig war', 'Für die Zukunft', 'Im zweiten Jahr'];
const TYPES: DocumentType[] = ['erfahrungsbericht', 'projektbericht', 'artefakt'];
const TENANTS = ['kreis-coesfeld', 'ascheberg', 'billerbeck', 'coesfeld', 'duelmen', 'havixbeck', 'luedinghausen', 'nordkirchen', 'nottuln', 'olfen', 'rosendahl', 'senden'];

const PREFIXES = ['Schul', 'Kinder', 'Jugend', 'Sozial', 'Verwaltungs', 'Bürger', 'Bau', 'Verkehrs', 'Daten', 'Förder', 'Haushalts', 'Personal', 'Medien', 'Netz', 'Energie', 'Umwelt', 'Wirtschafts', 'Kultur', 'Sport', 'Friedhofs', 'Ordnungs', 'Gewerbe', 'Steuer', 'Wohn', 'Familien', 'Senioren', 'Integrations', 'Kreis', 'Stadt', 'Gemeinde', 'Rats', 'Dienst', 'Park', 'Wasser', 'Abfall', 'Grün', 'Feuerwehr', 'Rettungs', 'Vergabe', 'Melde'];
const HEADS = ['amt', 'antrag', 'bescheid', 'konzept', 'plan', 'vertrag', 'verfahren', 'portal', 'software', 'stelle', 'leitung', 'ausschuss', 'bericht', 'mittel', 'programm', 'projekt', 'netz', 'gebäude', 'fläche', 'fahrzeug', 'gerät', 'server', 'liste', 'ordnung', 'satzung', 'gebühr', 'beratung', 'planung', 'prüfung', 'erfassung', 'verwaltung', 'arbeit', 'aufgabe', 'kasse', 'akte', 'register', 'statistik', 'formular', 'vorlage', 'schulung'];

/**
 * A vocabulary like real administrative German: a few frequent words and a long tail of
 * compounds, drawn with Zipf's law, so that a query word occurs in some Beiträge, not all.
 */
const VOCABULARY = [
  ...NOUNS,
  ...PREFIXES.flatMap((p) => HEADS.map((h) => p + h)),
  ...PREFIXES.slice(0, 20).flatMap((p) => PREFIXES.map((q) => q.toLowerCase()).flatMap((q) => HEADS.slice(0, 20).map((h) => p + q + h))),
];

/** The word at a frequency rank (0 = most frequent) of the shuffled vocabulary. */
export function vocabularyAt(rank: number): string {
  return VOCABULARY[rank]!;
}

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

/** Zipf-distributed index into a list of n words (rank r with probability ∝ 1/r). */
function zipf(rnd: () => number, list: readonly string[]): string {
  const n = list.length;
  const h = Math.log(n) + 0.5772;
  const r = Math.min(n - 1, Math.floor(Math.exp(rnd() * h - 0.5772)));
  return list[r]!;
}

function sentence(rnd: () => number): string {
  const w = () => zipf(rnd, VOCABULARY);
  return `${pick(rnd, CONNECT)} wurde die ${pick(rnd, ADJ)} ${w()} für ${w()} und ${w()} ${pick(rnd, VERBS)}, nachdem die ${pick(rnd, ADJ)} ${w()} ${pick(rnd, VERBS)} war.`;
}

/** Shuffles the vocabulary once per corpus, so the frequent words differ from the list order. */
export function shuffleVocabulary(rnd: () => number): void {
  for (let i = VOCABULARY.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [VOCABULARY[i], VOCABULARY[j]] = [VOCABULARY[j]!, VOCABULARY[i]!];
  }
}

/** About `words` words of German-looking Markdown in paragraphs with headings. */
export function body(rnd: () => number, words: number): string {
  const parts: string[] = [];
  let count = 0;
  while (count < words) {
    parts.push(`## ${pick(rnd, ADJ)} ${zipf(rnd, VOCABULARY)}`.replace(/^## (\p{Ll})/u, (_, c: string) => `## ${c.toUpperCase()}`));
    const para: string[] = [];
    for (let i = 0; i < 5; i++) {
      const s = sentence(rnd);
      para.push(s);
      count += s.split(' ').length;
    }
    parts.push(para.join(' '));
  }
  return parts.join('\n\n');
}

export interface GeneratedBeitrag {
  tenant: string;
  data: DocumentData;
  bodyMd: string;
}

export function generateBeitrag(rnd: () => number, i: number, words = 800, title?: string): GeneratedBeitrag {
  const type = pick(rnd, TYPES);
  const topics = [...new Set([pick(rnd, TOPICS), pick(rnd, TOPICS)])];
  const v = rnd();
  const year = 2019 + Math.floor(rnd() * 8);
  const month = String(1 + Math.floor(rnd() * 12)).padStart(2, '0');
  return {
    tenant: pick(rnd, TENANTS),
    bodyMd: body(rnd, words),
    data: {
      title: title ?? `${pick(rnd, ADJ)} ${zipf(rnd, VOCABULARY)} ${i}: ${zipf(rnd, VOCABULARY)} und ${zipf(rnd, VOCABULARY)}`.replace(/^\p{Ll}/u, (c) => c.toUpperCase()),
      summary: `${sentence(rnd)} ${sentence(rnd)}`,
      type,
      topics,
      tags: [zipf(rnd, VOCABULARY), zipf(rnd, VOCABULARY)],
      visibility: v < 0.7 ? 'oeffentlich' : v < 0.9 ? 'intern' : 'kommune',
      stand: `${year}-${month}-15`,
      reviewDue: null,
      contact: { mailbox: 'digital@example.invalid', person: null },
      references: [],
      fields: {},
    },
  };
}
