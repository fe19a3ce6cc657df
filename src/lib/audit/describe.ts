// German descriptions of the audit log's events. The stored action codes stay as they are (older
// rows, CSV consumers, the retention rule read them); people see these words instead.

/** The kinds of events the audit log can be filtered by, each with the actions it covers. */
export const AUDIT_KINDS = {
  anmeldung: 'Anmeldung und Abmeldung',
  'zwei-faktor': 'Zweiter Faktor',
  konten: 'Konten, Rollen und Mitglieder',
  einladungen: 'Einladungen',
  beitraege: 'Beiträge und Dateien',
  betrieb: 'Betrieb (Kommandozeile, Suche)',
} as const;
export type AuditKind = keyof typeof AUDIT_KINDS;

const ACTIONS: Record<string, { label: string; kind: AuditKind }> = {
  'anmeldung.erfolgreich': { label: 'Anmeldung mit Passwort', kind: 'anmeldung' },
  'anmeldung.sso': { label: 'Anmeldung mit Dienstkonto', kind: 'anmeldung' },
  'anmeldung.fehlgeschlagen': { label: 'Anmeldung abgewiesen: falsches Passwort oder unbekannte Adresse', kind: 'anmeldung' },
  'anmeldung.code-falsch': { label: 'Anmeldung abgewiesen: falscher Code des zweiten Faktors', kind: 'anmeldung' },
  'anmeldung.sso-abgewiesen': { label: 'Anmeldung mit Dienstkonto abgewiesen', kind: 'anmeldung' },
  'anmeldung.deaktiviert': { label: 'Anmeldung eines deaktivierten Kontos abgewiesen', kind: 'anmeldung' },
  'anmeldung.gesperrt': { label: 'Anmeldung abgewiesen: Netzwerkadresse gesperrt', kind: 'anmeldung' },
  'anmeldung.verzoegert': { label: 'Anmeldung abgewiesen: Wartezeit nach Fehlversuchen', kind: 'anmeldung' },
  abmeldung: { label: 'Abmeldung', kind: 'anmeldung' },
  'sitzung.beendet': { label: 'Sitzung beendet', kind: 'anmeldung' },
  'sitzung.alle-anderen-beendet': { label: 'Alle anderen Sitzungen beendet', kind: 'anmeldung' },
  'zwei-faktor.eingerichtet': { label: 'Zweiten Faktor eingerichtet', kind: 'zwei-faktor' },
  'zwei-faktor.entfernt': { label: 'Zweiten Faktor entfernt', kind: 'zwei-faktor' },
  'zwei-faktor.zurueckgesetzt': { label: 'Zweiten Faktor zurückgesetzt (durch Admin)', kind: 'zwei-faktor' },
  'zwei-faktor.codes-erneuert': { label: 'Neue Wiederherstellungscodes erzeugt', kind: 'zwei-faktor' },
  'zwei-faktor.wiederherstellungscode-benutzt': { label: 'Mit Wiederherstellungscode angemeldet', kind: 'zwei-faktor' },
  'konto.sso-angelegt': { label: 'Konto bei erster Anmeldung mit Dienstkonto angelegt', kind: 'konten' },
  'konto.sso-verknuepft': { label: 'Konto mit Dienstkonto verbunden', kind: 'konten' },
  'konto.deaktiviert': { label: 'Konto deaktiviert', kind: 'konten' },
  'konto.aktiviert': { label: 'Konto wieder aktiviert', kind: 'konten' },
  'konto.geloescht': { label: 'Konto gelöscht', kind: 'konten' },
  'passwort.geaendert': { label: 'Passwort geändert', kind: 'konten' },
  'rolle.geaendert': { label: 'Rolle geändert', kind: 'konten' },
  'rolle.sso-zugeordnet': { label: 'Rolle aus dem Dienstkonto übernommen', kind: 'konten' },
  'rolle.sso-beibehalten': { label: 'Rolle aus dem Dienstkonto nicht übernommen (letzte Kreis-Admin)', kind: 'konten' },
  'mitglied.entfernt': { label: 'Mitglied entfernt', kind: 'konten' },
  'einladung.erstellt': { label: 'Einladung erstellt', kind: 'einladungen' },
  'einladung.angenommen': { label: 'Einladung angenommen', kind: 'einladungen' },
  'einladung.zurueckgezogen': { label: 'Einladung zurückgezogen', kind: 'einladungen' },
  'document.create': { label: 'Beitrag angelegt', kind: 'beitraege' },
  'document.revise': { label: 'Beitrag überarbeitet', kind: 'beitraege' },
  'document.submit': { label: 'Beitrag zur Prüfung eingereicht', kind: 'beitraege' },
  'document.approve': { label: 'Beitrag geprüft und veröffentlicht', kind: 'beitraege' },
  'document.send_back': { label: 'Beitrag zur Überarbeitung zurückgegeben', kind: 'beitraege' },
  'document.archive': { label: 'Beitrag archiviert', kind: 'beitraege' },
  'document.restore': { label: 'Beitrag wiederhergestellt', kind: 'beitraege' },
  'file.upload': { label: 'Datei hochgeladen', kind: 'beitraege' },
  'file.replace': { label: 'Datei ersetzt (neue Version)', kind: 'beitraege' },
  'file.delete': { label: 'Datei gelöscht', kind: 'beitraege' },
  'reuse.record': { label: 'Nachnutzung eingetragen', kind: 'beitraege' },
  'reuse.change': { label: 'Nachnutzung geändert', kind: 'beitraege' },
  'reuse.withdraw': { label: 'Nachnutzung zurückgezogen', kind: 'beitraege' },
  'cli.einladung': { label: 'Einladung über die Kommandozeile erstellt', kind: 'betrieb' },
  'cli.kreis-admin-einladung': { label: 'Kreis-Admin über die Kommandozeile eingeladen', kind: 'betrieb' },
  'cli.konto-gesperrt': { label: 'Konto über die Kommandozeile deaktiviert', kind: 'betrieb' },
  'cli.sperre-aufgehoben': { label: 'Anmeldesperre über die Kommandozeile aufgehoben', kind: 'betrieb' },
  'suchindex-neuaufbau': { label: 'Neuaufbau des Suchindex angestoßen', kind: 'betrieb' },
};

/** The German description of an action code; an unknown code is shown as it is. */
export function describeAction(action: string): string {
  return ACTIONS[action]?.label ?? action;
}

/** The action codes of a kind. */
export function actionsOfKind(kind: AuditKind): string[] {
  return Object.entries(ACTIONS).filter(([, a]) => a.kind === kind).map(([code]) => code);
}

export function isAuditKind(value: string): value is AuditKind {
  return Object.hasOwn(AUDIT_KINDS, value);
}
