import { z } from 'zod';
import { LICENCES } from '../documents/vocabulary';
import { hasHiddenCharacters, hiddenCharactersMessage } from '../text/hidden-characters';

/** The text fields of the upload form, with German messages per field. */
export const artefactFormSchema = z.object({
  titel: z
    .string()
    .trim()
    .min(3, 'Bitte geben Sie einen Titel mit mindestens 3 Zeichen an.')
    .max(160, 'Der Titel darf höchstens 160 Zeichen lang sein.')
    .refine((v) => !hasHiddenCharacters(v), hiddenCharactersMessage('Der Titel')),
  beschreibung: z.string().trim().max(2000, 'Die Beschreibung darf höchstens 2000 Zeichen lang sein.').default(''),
  lizenz: z.enum(LICENCES, { error: 'Bitte wählen Sie eine Lizenz aus der Liste.' }),
  version: z
    .string()
    .trim()
    .min(1, 'Bitte geben Sie eine Version an, z. B. 1.0.')
    .max(40, 'Die Version darf höchstens 40 Zeichen lang sein.')
    .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._\-/]*$/u, 'Die Version darf nur Buchstaben, Ziffern, Leerzeichen und . _ - / enthalten.'),
});

export type ArtefactForm = z.infer<typeof artefactFormSchema>;
export type FormErrors = Partial<Record<'titel' | 'beschreibung' | 'lizenz' | 'version' | 'datei', string>>;

export function parseArtefactForm(fields: Record<string, string>): { data: ArtefactForm | null; errors: FormErrors } {
  const result = artefactFormSchema.safeParse(fields);
  if (result.success) return { data: result.data, errors: {} };
  const errors: FormErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path[0] as keyof FormErrors;
    errors[key] ??= issue.message;
  }
  return { data: null, errors };
}
