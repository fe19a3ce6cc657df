import './node-version';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeDb } from '../lib/db/client';
import { OpsError } from '../lib/ops/accounts';
import { BackupError } from '../lib/ops/backup';
import { RestoreError } from '../lib/ops/restore';
import { TenantFileError } from '../lib/tenants/load';
import { parseFlags, UsageError, type Command } from './command';
import { backup } from './commands/backup';
import { check } from './commands/check';
import { createAdmin } from './commands/create-admin';
import { disableUser } from './commands/disable-user';
import { exportCommand } from './commands/export';
import { invite } from './commands/invite';
import { migrate } from './commands/migrate';
import { reindex } from './commands/reindex';
import { restore } from './commands/restore';
import { tenants } from './commands/tenants';
import { unlock } from './commands/unlock';

// `npm run cli -- <command>` (or `node dist/cli/index.mjs <command>` in production).
process.env['WISSENSNETZ_ROOT'] ??= path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const COMMANDS: Command[] = [createAdmin, invite, disableUser, unlock, tenants, reindex, backup, restore, exportCommand, check, migrate];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: npm run cli -- <command> [options]',
    '',
    'Operator commands for Wissensnetz. They use the same environment as the server',
    '(WISSENSNETZ_DATA_DIR, WISSENSNETZ_ORIGIN, ...) and are safe while it runs.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "npm run cli -- <command> --help" for the options of a command.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(overview() + '\n');
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n${overview()}\n`);
    return 2;
  }
  try {
    const flags = parseFlags(command, rest);
    if (flags === 'help') {
      process.stdout.write(command.help + '\n');
      return 0;
    }
    return await command.run(flags);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\nRun "npm run cli -- ${command.name} --help" for usage.\n`);
      return 2;
    }
    if (err instanceof OpsError || err instanceof BackupError || err instanceof RestoreError || err instanceof TenantFileError) {
      process.stderr.write(`Error: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    closeDb();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`Error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
