// Links from a Beitrag to council papers (Drucksachen). Kreis Coesfeld and Nottuln run
// SessionNet, other councils ALLRIS; where an OParl 1.1 interface is licensed, the paper's
// OParl URL lets the hub fetch its name, date and body (oparl-fetch.ts).
export const COUNCIL_SYSTEMS = ['oparl', 'sessionnet', 'allris'] as const;
export type CouncilSystem = (typeof COUNCIL_SYSTEMS)[number];

export const COUNCIL_SYSTEM_LABELS: Record<CouncilSystem, string> = {
  oparl: 'OParl 1.1 (Adresse des Paper-Objekts)',
  sessionnet: 'SessionNet (Vorlagenseite vo0050)',
  allris: 'ALLRIS (Vorlagenseite vo020)',
};

export const COUNCIL_URL_MAX = 500;

/** A reference as stored in a revision; `oparl` is the older field, still read. */
export interface StoredReference {
  drucksache: string;
  title: string | null;
  oparl: string | null;
  system?: CouncilSystem | null;
  url?: string | null;
}

export interface CouncilLink {
  system: CouncilSystem;
  url: string;
}

/** The link of a stored reference, whichever field holds it. */
export function councilLink(ref: StoredReference): CouncilLink | null {
  if (ref.system && ref.url) return { system: ref.system, url: ref.url };
  return ref.oparl ? { system: 'oparl', url: ref.oparl } : null;
}

function parseWebUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    if (!url.hostname || url.username || url.password) return null;
    return url;
  } catch {
    return null;
  }
}

function queryNumber(url: URL, name: string): boolean {
  for (const [key, value] of url.searchParams) if (key.toLowerCase() === name.toLowerCase() && /^\d{1,12}$/.test(value)) return true;
  return false;
}

/**
 * Checks a link's shape for its system; returns a German message, or null when it fits.
 * SessionNet shows a Vorlage at …/vo0050.asp?__kvonr=<Nummer> (also .php), ALLRIS at
 * …/vo020.asp?VOLFDNR=<Nummer> (ALLRIS net: …/vo020?VOLFDNR=…). OParl object URLs have no
 * fixed path, so for OParl the address must be a plain http(s) URL without credentials.
 */
export function checkCouncilUrl(system: CouncilSystem, value: string): string | null {
  if (value.length > COUNCIL_URL_MAX) return `Die Adresse darf höchstens ${COUNCIL_URL_MAX} Zeichen lang sein.`;
  const url = parseWebUrl(value);
  if (!url) return 'Bitte geben Sie eine vollständige Adresse an, die mit https:// beginnt (ohne Benutzername und Passwort).';
  const file = url.pathname.split('/').pop()?.toLowerCase() ?? '';
  switch (system) {
    case 'oparl':
      return url.hash ? 'Eine OParl-Adresse enthält kein #-Fragment.' : null;
    case 'sessionnet':
      return /^vo0050(\.asp|\.php)?$/.test(file) && queryNumber(url, '__kvonr')
        ? null
        : 'Eine SessionNet-Adresse einer Vorlage sieht so aus: https://…/vo0050.asp?__kvonr=1234 (die Seite der Vorlage im Bürgerinformationssystem).';
    case 'allris':
      return /^vo020(\.asp)?$/.test(file) && queryNumber(url, 'VOLFDNR')
        ? null
        : 'Eine ALLRIS-Adresse einer Vorlage sieht so aus: https://…/vo020.asp?VOLFDNR=1234 (die Seite der Vorlage im Ratsinformationssystem).';
  }
}
