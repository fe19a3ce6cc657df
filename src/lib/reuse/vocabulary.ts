import { hasHiddenCharacters, hiddenCharactersMessage } from '../text/hidden-characters';
import { z } from 'zod';
import { REUSE_STATUSES } from '../db/schema';

export { REUSE_STATUSES };
export type ReuseStatus = (typeof REUSE_STATUSES)[number];

export const REUSE_STATUS_LABELS: Record<ReuseStatus, string> = {
  interessiert: 'interessiert',
  in_umsetzung: 'in Umsetzung',
  uebernommen: 'übernommen',
};

/** The Nachnutzung form; German messages per field. */
export const reuseFormSchema = z.object({
  kommune: z.string().min(1, 'Bitte wählen Sie Ihre Kommune.'),
  status: z.enum(REUSE_STATUSES, { error: 'Bitte wählen Sie einen Stand der Nachnutzung.' }),
  notiz: z.string().trim().max(2000, 'Die Notiz darf höchstens 2000 Zeichen lang sein.').default(''),
  kontakt: z.string().trim().max(200, 'Der Kontakt darf höchstens 200 Zeichen lang sein.').refine((v) => !hasHiddenCharacters(v), hiddenCharactersMessage('Der Kontakt')).default(''),
});

export type ReuseForm = z.infer<typeof reuseFormSchema>;
export type ReuseFormErrors = Partial<Record<keyof ReuseForm, string>>;

export function parseReuseForm(fields: Record<string, string>): { data: ReuseForm | null; errors: ReuseFormErrors } {
  const result = reuseFormSchema.safeParse(fields);
  if (result.success) return { data: result.data, errors: {} };
  const errors: ReuseFormErrors = {};
  for (const issue of result.error.issues) errors[issue.path[0] as keyof ReuseForm] ??= issue.message;
  return { data: null, errors };
}
