import { DOCUMENT_TYPES, VISIBILITIES, DOCUMENT_STATUSES } from '../db/schema';

export { DOCUMENT_TYPES, VISIBILITIES, DOCUMENT_STATUSES };
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
export type Visibility = (typeof VISIBILITIES)[number];
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export const TOPICS = ['schule', 'soziales', 'verwaltung', 'bildung', 'mobilitaet', 'wirtschaft', 'innenstadt'] as const;
export type Topic = (typeof TOPICS)[number];

export const TOPIC_LABELS: Record<Topic, string> = {
  schule: 'Schule',
  soziales: 'Soziales',
  verwaltung: 'Verwaltung',
  bildung: 'Bildung',
  mobilitaet: 'Mobilität',
  wirtschaft: 'Wirtschaft',
  innenstadt: 'Innenstadt & Ortsmitte',
};

export const TYPE_LABELS: Record<DocumentType, string> = {
  erfahrungsbericht: 'Erfahrungsbericht',
  projektbericht: 'Projektbericht',
  artefakt: 'Artefakt',
  leitfaden: 'Leitfaden',
};

export const TYPE_PLURALS: Record<DocumentType, string> = {
  erfahrungsbericht: 'Erfahrungsberichte',
  projektbericht: 'Projektberichte',
  artefakt: 'Artefakte',
  leitfaden: 'Leitfäden',
};

export const VISIBILITY_LABELS: Record<Visibility, string> = {
  oeffentlich: 'öffentlich',
  intern: 'intern',
  kommune: 'nur Kommune',
};

export const STATUS_LABELS: Record<DocumentStatus, string> = {
  entwurf: 'Entwurf',
  in_pruefung: 'In Prüfung',
  veroeffentlicht: 'Veröffentlicht',
  archiviert: 'Archiviert',
};

export interface FieldDef {
  name: string;
  label: string;
  /**
   * 'markdown' fields are rendered as sections; 'text' (one line), 'choice' (one of `options`)
   * and 'list' (short lines, shown as a bulleted list) are facts.
   */
  kind: 'markdown' | 'text' | 'choice' | 'list';
  options?: readonly string[];
  /** How a choice is shown; the stored value where missing. */
  optionLabels?: Readonly<Record<string, string>>;
  hint?: string;
}

export const PROJECT_STATUSES = ['geplant', 'laufend', 'abgeschlossen'] as const;
export const PROJECT_STATUS_LABELS: Record<(typeof PROJECT_STATUSES)[number], string> = { geplant: 'geplant', laufend: 'läuft', abgeschlossen: 'abgeschlossen' };
export const ARTEFACT_KINDS = ['Vorlage', 'Checkliste', 'Spezifikation', 'Leistungsverzeichnis', 'Code', 'Formular'] as const;
export const LICENCES = ['CC-BY-4.0', 'CC0-1.0', 'DL-DE-BY-2.0', 'DL-DE-ZERO-2.0', 'EUPL-1.2', 'nur-intern'] as const;
export const LICENCE_LABELS: Record<(typeof LICENCES)[number], string> = {
  'CC-BY-4.0': 'CC BY 4.0',
  'CC0-1.0': 'CC0 1.0',
  'DL-DE-BY-2.0': 'Datenlizenz Deutschland – Namensnennung 2.0',
  'DL-DE-ZERO-2.0': 'Datenlizenz Deutschland – Zero 2.0',
  'EUPL-1.2': 'EUPL 1.2',
  'nur-intern': 'nur intern',
};

/** The structured fields of each type (DESIGN.md "Content"), in display order. */
export const TYPE_FIELDS: Record<DocumentType, readonly FieldDef[]> = {
  erfahrungsbericht: [
    { name: 'ausgangslage', label: 'Ausgangslage', kind: 'markdown' },
    { name: 'vorgehen', label: 'Vorgehen', kind: 'markdown' },
    { name: 'ergebnis', label: 'Ergebnis', kind: 'markdown' },
    { name: 'andersMachen', label: 'Was wir anders machen würden', kind: 'markdown' },
    { name: 'uebertragbarkeit', label: 'Übertragbarkeit', kind: 'markdown' },
  ],
  projektbericht: [
    { name: 'ziel', label: 'Ziel', kind: 'markdown' },
    { name: 'zeitraum', label: 'Zeitraum', kind: 'text', hint: 'z. B. 03/2022 – 12/2023' },
    { name: 'projektstatus', label: 'Status des Projekts', kind: 'choice', options: PROJECT_STATUSES, optionLabels: PROJECT_STATUS_LABELS },
    { name: 'beteiligte', label: 'Beteiligte', kind: 'markdown' },
    { name: 'kosten', label: 'Kosten', kind: 'text' },
    { name: 'foerderprogramm', label: 'Förderprogramm', kind: 'text' },
    { name: 'ergebnisse', label: 'Ergebnisse', kind: 'markdown' },
  ],
  artefakt: [
    { name: 'artefaktArt', label: 'Art des Artefakts', kind: 'choice', options: ARTEFACT_KINDS },
    { name: 'lizenz', label: 'Lizenz', kind: 'choice', options: LICENCES, optionLabels: LICENCE_LABELS },
    { name: 'voraussetzungen', label: 'Was es voraussetzt', kind: 'markdown' },
  ],
  leitfaden: [{ name: 'zielgruppe', label: 'Zielgruppe', kind: 'list', hint: 'Eine Gruppe pro Zeile, z. B. „Schulverwaltungsämter“.' }],
};

export type RevisionStatus = 'entwurf' | 'in_pruefung' | 'zurueckgegeben' | 'veroeffentlicht' | 'abgeloest';
export const REVISION_STATUS_LABELS: Record<RevisionStatus, string> = {
  entwurf: 'Entwurf',
  in_pruefung: 'In Prüfung',
  zurueckgegeben: 'Zurückgegeben',
  veroeffentlicht: 'Veröffentlicht',
  abgeloest: 'Abgelöst',
};

/** Types an administration may create: Leitfäden are the district's. */
export function creatableTypes(isKreis: boolean): DocumentType[] {
  return DOCUMENT_TYPES.filter((t) => t !== 'leitfaden' || isKreis);
}
