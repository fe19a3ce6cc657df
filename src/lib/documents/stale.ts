/** Whether a Beitrag is past its next-review date ("Stand möglicherweise veraltet"). */
export function isReviewOverdue(reviewDue: string | null, today = new Date()): boolean {
  if (!reviewDue) return false;
  return reviewDue < today.toISOString().slice(0, 10);
}
