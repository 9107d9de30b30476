/** Pure date helpers for the "needs review" lists and the mark-reviewed action. */

/** `YYYY-MM-DD` (UTC) of the day `months` calendar months before `now`. */
export function cutoffDate(months: number, now: Date = new Date()): string {
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
  const day = date.getUTCDate()
  date.setUTCDate(1)
  date.setUTCMonth(date.getUTCMonth() - months)
  // 31 March minus one month is the last day of February, not 3 March.
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate()
  date.setUTCDate(Math.min(day, lastDay))
  return date.toISOString().slice(0, 10)
}

/** True when a review date is missing or older than the review period. */
export function isReviewDue(lastReviewed: string | undefined, months: number, now = new Date()) {
  return !lastReviewed || lastReviewed < cutoffDate(months, now)
}
