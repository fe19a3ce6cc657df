/**
 * Error answers of the read API as problem documents (RFC 9457, application/problem+json).
 * `type` points at the explanation on the /api page; `title` and `detail` are German, for the
 * person who reads the answer while building an integration.
 */
export const PROBLEMS = {
  'invalid-parameter': { status: 400, title: 'Ungültiger Parameter' },
  'unauthorized': { status: 401, title: 'Token ungültig' },
  'not-found': { status: 404, title: 'Nicht gefunden' },
  'method-not-allowed': { status: 405, title: 'Methode nicht erlaubt' },
  'cors-refused': { status: 403, title: 'Anfrage von einer anderen Website nicht erlaubt' },
  'too-many-requests': { status: 429, title: 'Zu viele Anfragen' },
  'server-error': { status: 500, title: 'Fehler auf dem Server' },
  'unavailable': { status: 503, title: 'Dienst vorübergehend nicht verfügbar' },
} as const;

export type ProblemKind = keyof typeof PROBLEMS;

/** One rejected query parameter. */
export interface ParameterError {
  parameter: string;
  detail: string;
}

export class ApiProblem extends Error {
  readonly status: number;
  constructor(
    readonly kind: ProblemKind,
    readonly detail: string,
    readonly extra: { errors?: ParameterError[]; headers?: Record<string, string> } = {},
  ) {
    super(`${kind}: ${detail}`);
    this.status = PROBLEMS[kind].status;
  }
}

/** The problem document as JSON text. */
export function problemBody(problem: ApiProblem, instance?: string): string {
  return JSON.stringify({
    type: `/api#problem-${problem.kind}`,
    title: PROBLEMS[problem.kind].title,
    status: problem.status,
    detail: problem.detail,
    ...(instance ? { instance } : {}),
    ...(problem.extra.errors ? { errors: problem.extra.errors } : {}),
  });
}

export function problemResponse(problem: ApiProblem, instance?: string): Response {
  return new Response(problemBody(problem, instance), {
    status: problem.status,
    headers: { 'Content-Type': 'application/problem+json; charset=utf-8', 'Cache-Control': 'no-store', ...problem.extra.headers },
  });
}
