import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { COMMON_PASSWORDS } from './common-passwords';

// OWASP's argon2id baseline (m=19 MiB, t=2, p=1).
// Algorithm is an ambient const enum (not importable as a value): 2 is Argon2id.
const OPTIONS = { algorithm: 2 as Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export function normalisePassword(password: string): string {
  return password.normalize('NFC');
}

/** A German message when the password is not acceptable, else null. No composition rules (NIST 800-63B). */
export function checkPasswordPolicy(password: string): string | null {
  const p = normalisePassword(password);
  const length = [...p].length;
  if (length < PASSWORD_MIN) return `Das Passwort muss mindestens ${PASSWORD_MIN} Zeichen lang sein.`;
  if (length > PASSWORD_MAX) return `Das Passwort darf höchstens ${PASSWORD_MAX} Zeichen lang sein.`;
  if (COMMON_PASSWORDS.has(p.toLowerCase())) return 'Dieses Passwort ist zu verbreitet und leicht zu erraten. Bitte wählen Sie ein anderes.';
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(normalisePassword(password), OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, normalisePassword(password));
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** Burns the same work as a real check, so an unknown e-mail answers as slowly as a wrong password. */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword('dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
}
