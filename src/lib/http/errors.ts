/** Thrown by guards and routes; middleware turns it into a German error page with this status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    /** Shown to the user, in German. */
    readonly userMessage: string,
  ) {
    super(`${status}: ${userMessage}`);
  }
}

export const MESSAGES: Record<number, string> = {
  400: 'Die Anfrage war fehlerhaft. Bitte prüfen Sie Ihre Eingaben und versuchen Sie es erneut.',
  401: 'Bitte melden Sie sich an.',
  403: 'Für diese Aktion fehlen Ihnen die Berechtigungen.',
  404: 'Die Seite wurde nicht gefunden. Vielleicht wurde sie verschoben, oder die Adresse enthält einen Tippfehler.',
  405: 'Diese Adresse kann so nicht aufgerufen werden. Bitte öffnen Sie die Seite über einen Link oder die Adresszeile.',
  413: 'Die gesendeten Daten sind zu groß.',
  429: 'Zu viele Versuche. Bitte warten Sie einige Minuten und versuchen Sie es dann erneut.',
  500: 'Auf dem Server ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut.',
  503: 'Der Dienst ist gerade nicht verfügbar. Bitte versuchen Sie es später erneut.',
};

export function notFound(): HttpError {
  return new HttpError(404, MESSAGES[404]!);
}
