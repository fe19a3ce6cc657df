import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { installLastResort } from '../../../src/cli/last-resort';

function setup() {
  const proc = new EventEmitter();
  const lines: string[] = [];
  const exits: number[] = [];
  installLastResort(proc, (l) => lines.push(l), (c) => exits.push(c));
  return { proc, lines, exits };
}

describe('installLastResort', () => {
  it('logs an uncaught exception as one English JSON line with its stack and keeps the process running', () => {
    const { proc, lines, exits } = setup();
    proc.emit('uncaughtException', new Error('boom'));
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: 'error', event: 'uncaught-exception', fatal: false, message: 'boom' });
    expect(String(entry['stack'])).toContain('last-resort.test.ts');
    expect(exits).toEqual([]);
  });

  it('ends the process with 1 after more than ten within a minute', () => {
    const { proc, lines, exits } = setup();
    for (let i = 0; i < 10; i++) proc.emit('uncaughtException', new Error(`fehler ${i}`));
    expect(exits).toEqual([]);
    proc.emit('uncaughtException', 'not even an Error');
    expect(exits).toEqual([1]);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ fatal: true, message: 'not even an Error' });
  });
});
