// Summaries of benchmark samples: nearest-rank percentiles, so every figure is a measured sample.

export interface Summary {
  readonly n: number;
  readonly p50: number;
  readonly p90: number;
  readonly max: number;
  readonly min: number;
  readonly mean: number;
}

/** The nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export function summarize(samples: readonly number[]): Summary {
  return {
    n: samples.length,
    p50: percentile(samples, 50),
    p90: percentile(samples, 90),
    max: samples.length > 0 ? Math.max(...samples) : Number.NaN,
    min: samples.length > 0 ? Math.min(...samples) : Number.NaN,
    mean:
      samples.length > 0 ? samples.reduce((sum, value) => sum + value, 0) / samples.length : NaN,
  };
}
