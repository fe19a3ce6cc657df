import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** One operator command: its flags, English help and what it does. */
export interface Command {
  name: string;
  summary: string;
  /** Usage lines and flag descriptions shown by --help. */
  help: string;
  options: Options;
  run: (flags: Record<string, string | boolean | undefined>) => Promise<number> | number;
}

/** Wrong usage: the message and the command's help go to stderr, exit code 2. */
export class UsageError extends Error {}

export function parseFlags(command: Command, argv: string[]): Record<string, string | boolean | undefined> | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify.*$/s, '.'));
  }
  if (parsed.values['help']) return 'help';
  return parsed.values as Record<string, string | boolean | undefined>;
}

/** A required string flag; a missing or empty one is a usage error. */
export function requireFlag(flags: Record<string, string | boolean | undefined>, name: string): string {
  const value = flags[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`Missing required option --${name}.`);
  return value.trim();
}

export const out = (line: string) => process.stdout.write(line + '\n');
