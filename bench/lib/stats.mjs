// Small, dependency-free statistics for benchmark samples.

/** min / median / max / mean of a list of numbers (the median is the figure we compare). */
export function summarize(samples) {
  const xs = samples.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (xs.length === 0) return { n: 0, min: null, median: null, max: null, mean: null };
  const mid = Math.floor(xs.length / 2);
  const median = xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { n: xs.length, min: xs[0], median, max: xs[xs.length - 1], mean: round(mean) };
}

/** p-th percentile (0..100) with nearest-rank; used for latency tails. */
export function percentile(samples, p) {
  const xs = samples.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const rank = Math.min(xs.length - 1, Math.max(0, Math.ceil((p / 100) * xs.length) - 1));
  return xs[rank];
}

/**
 * Ratio a/b of two result rows ({ summary, samples }).
 * When both hold the same number of interleaved samples (run i of a ran right
 * next to run i of b), the ratio is taken per run and summarised: a load spike
 * then inflates both sides of one pair instead of skewing one subject. The
 * median of those paired ratios is the figure we compare. Otherwise the
 * summaries are divided field by field (min/min, median/median, max/max).
 */
export function ratio(a, b) {
  if (!a?.summary || !b?.summary) return null;
  const r = (x, y) => (x == null || y == null || y === 0 ? null : sig(x / y));
  const as = a.samples ?? [];
  const bs = b.samples ?? [];
  if (as.length > 1 && as.length === bs.length) {
    const s = summarize(as.map((x, i) => x / bs[i]));
    return { paired: true, n: s.n, min: sig(s.min), median: sig(s.median), max: sig(s.max) };
  }
  return {
    paired: false,
    min: r(a.summary.min, b.summary.min),
    median: r(a.summary.median, b.summary.median),
    max: r(a.summary.max, b.summary.max),
  };
}

/** Three significant digits: ratios span 0.0004 (tarballs) to 100 (slow commands). */
export function sig(x) {
  if (x == null || !Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(3));
}

export function round(x, digits = 2) {
  if (x == null || !Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
