import { stringify } from 'yaml';
import type { DocumentData } from '../documents/data';
import type { Tenant } from '../tenants/schema';

// publiccode.yml (standard version 0.4) for an Artefakt, generated from the Beitrag's
// fields so that openCode's software directory can list it with the Kommunen that adopted it.

export const PUBLICCODE_VERSION = '0.4';
const SHORT_MAX = 150;
const LONG_MIN = 150;
const LONG_MAX = 10_000;
const FEATURE_MAX = 100;

export interface PubliccodeInput {
  tenant: Pick<Tenant, 'name'>;
  status: string;
  data: DocumentData;
  bodyMd: string;
  /** The Beitrag's page: the place its files and description live. */
  pageUrl: string;
  /** Names of the Kommunen whose Nachnutzung is "übernommen". */
  usedBy: string[];
  /** Label of the newest file version, if the Beitrag has files. */
  softwareVersion: string | null;
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, '')}…`;
}

function longDescription(input: PubliccodeInput): string {
  const needs = input.data.fields['voraussetzungen']?.trim();
  const parts = [input.data.summary.trim(), input.bodyMd.trim(), needs ? `## Voraussetzungen\n\n${needs}` : ''].filter(Boolean);
  let text = parts.join('\n\n');
  if (text.length < LONG_MIN) text += `\n\nDie Dateien und die vollständige Beschreibung stehen im Wissensnetz Kreis Coesfeld: ${input.pageUrl}`;
  return text.length <= LONG_MAX ? text : `${text.slice(0, LONG_MAX - 1).replace(/\s+\S*$/, '')}…`;
}

function features(data: DocumentData): string[] {
  const list = data.tags.length ? data.tags : [data.fields['artefaktArt'] ?? 'Artefakt'];
  return list.map((t) => shorten(t, FEATURE_MAX));
}

/** The publiccode.yml text for an eligible Artefakt (see eligibility.ts). */
export function buildPubliccode(input: PubliccodeInput): string {
  const { data, tenant } = input;
  const code = data.fields['artefaktArt'] === 'Code';
  const doc: Record<string, unknown> = {
    publiccodeYmlVersion: PUBLICCODE_VERSION,
    name: data.title,
    url: input.pageUrl,
    landingURL: input.pageUrl,
    ...(input.softwareVersion ? { softwareVersion: input.softwareVersion } : {}),
    releaseDate: data.stand,
    platforms: ['other'],
    categories: [code ? 'it-development' : 'business-process-management'],
    ...(input.usedBy.length ? { usedBy: input.usedBy } : {}),
    developmentStatus: input.status === 'archiviert' ? 'obsolete' : 'stable',
    softwareType: code ? 'standalone/other' : 'configurationFiles',
    description: {
      de: {
        shortDescription: shorten(data.summary, SHORT_MAX),
        longDescription: longDescription(input),
        documentation: input.pageUrl,
        features: features(data),
      },
    },
    legal: { license: data.fields['lizenz']!, mainCopyrightOwner: tenant.name, repoOwner: tenant.name },
    maintenance: {
      type: 'internal',
      // The function mailbox: it outlives staff turnover, like the Beitrag's contact.
      contacts: [{ name: data.contact.person ?? `Funktionspostfach ${tenant.name}`, email: data.contact.mailbox, affiliation: tenant.name }],
    },
    localisation: { localisationReady: false, availableLanguages: ['de'] },
  };
  return `# publiccode.yml, erzeugt vom Wissensnetz Kreis Coesfeld aus dem Beitrag ${input.pageUrl}\n${stringify(doc, { lineWidth: 0 })}`;
}
