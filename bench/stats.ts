/** One measurement in `npm run bench`'s table and bench/results.json. */
export interface BenchRow {
  area: string
  metric: string
  value: number
  unit: string
  note?: string
}

/** The nearest-rank quantile (0.5 = median, 0.95 = p95) of a set of timings. */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]
}

export const median = (values: number[]): number => quantile(values, 0.5)
