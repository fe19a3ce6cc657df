import { describe, expect, it } from 'vitest';
import { isReviewOverdue } from '../../../src/lib/documents/stale';

describe('isReviewOverdue', () => {
  const today = new Date('2026-11-23T10:00:00Z');
  it('flags a Beitrag whose next review lies in the past', () => {
    expect(isReviewOverdue('2026-11-22', today)).toBe(true);
  });
  it('does not flag one due today or later, or without a date', () => {
    expect(isReviewOverdue('2026-11-23', today)).toBe(false);
    expect(isReviewOverdue('2027-01-01', today)).toBe(false);
    expect(isReviewOverdue(null, today)).toBe(false);
  });
});
