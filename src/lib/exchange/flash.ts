// Confirmation messages after a redirect (?<key> in the URL), one place for all Austausch pages.
const MESSAGES: Record<string, string> = {
  gestellt: 'Ihre Frage ist gestellt.',
  beantwortet: 'Ihre Antwort ist veröffentlicht.',
  hilfreich: 'Die Antwort ist als hilfreich markiert; die Frage gilt als beantwortet.',
  offen: 'Die Markierung ist entfernt; die Frage ist wieder offen.',
  sichtbarkeit: 'Die Sichtbarkeit der Frage ist geändert.',
  gemeldet: 'Danke. Ihre Meldung ist bei der Moderation der zuständigen Kommune eingegangen.',
  ausgeblendet: 'Der Text ist ausgeblendet. Der Vorgang ist protokolliert.',
  eingeblendet: 'Der Text ist wieder sichtbar. Der Vorgang ist protokolliert.',
  bearbeitet: 'Ihre Änderung ist gespeichert; die frühere Fassung bleibt im Verlauf.',
  kommentiert: 'Ihr Kommentar ist veröffentlicht.',
};

/** The message named by the first known flag in the URL's query, or null. */
export function flashMessage(url: URL): string | null {
  for (const key of url.searchParams.keys()) if (MESSAGES[key]) return MESSAGES[key]!;
  return null;
}
