import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../../src/lib/api/cursor';
import { ApiProblem } from '../../../src/lib/api/problem';

describe('encodeCursor / decodeCursor', () => {
  it('gives back the position it was made from', () => {
    const position = { publishedAt: '2026-03-31T09:00:00.000Z', id: 33 };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc+/='],
    ['base64 of garbage', Buffer.from('nicht json').toString('base64url')],
    ['another version', Buffer.from(JSON.stringify([2, '2026-03-31T09:00:00.000Z', 3])).toString('base64url')],
    ['SQL in the time', Buffer.from(JSON.stringify([1, "2026' OR 1=1 --", 3])).toString('base64url')],
    ['an impossible date', Buffer.from(JSON.stringify([1, '2026-13-45T99:00:00Z', 3])).toString('base64url')],
    ['a negative id', Buffer.from(JSON.stringify([1, '2026-03-31T09:00:00.000Z', -1])).toString('base64url')],
    ['a fractional id', Buffer.from(JSON.stringify([1, '2026-03-31T09:00:00.000Z', 1.5])).toString('base64url')],
    ['an object', Buffer.from(JSON.stringify({ p: 1 })).toString('base64url')],
    ['overlong', 'A'.repeat(500)],
  ])('refuses a cursor that is %s with a 400 problem', (_, cursor) => {
    let thrown: unknown;
    try {
      decodeCursor(cursor);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ApiProblem);
    expect((thrown as ApiProblem).status).toBe(400);
    expect((thrown as ApiProblem).extra.errors?.[0]?.parameter).toBe('cursor');
  });
});
