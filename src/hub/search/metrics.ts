/** Ranking quality metrics over one query: `ranked` is best first, `relevant` the judged ids (binary). */

export function reciprocalRank(ranked: readonly string[], relevant: ReadonlySet<string>, k = 10): number {
  const n = Math.min(k, ranked.length);
  for (let i = 0; i < n; i++) if (relevant.has(ranked[i]!)) return 1 / (i + 1);
  return 0;
}

/** Share of the relevant ids found in the top k. */
export function recallAt(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (relevant.size === 0) return 0;
  let found = 0;
  for (const id of ranked.slice(0, k)) if (relevant.has(id)) found++;
  return found / relevant.size;
}

export function ndcgAt(ranked: readonly string[], relevant: ReadonlySet<string>, k = 10): number {
  let dcg = 0;
  const top = ranked.slice(0, k);
  for (let i = 0; i < top.length; i++) if (relevant.has(top[i]!)) dcg += 1 / Math.log2(i + 2);
  let ideal = 0;
  for (let i = 0; i < Math.min(k, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}

export interface QualitySummary {
  queries: number;
  mrr10: number;
  recall1: number;
  recall5: number;
  recall10: number;
  ndcg10: number;
}

export function summarize(
  runs: ReadonlyArray<{ ranked: readonly string[]; relevant: ReadonlySet<string> }>,
): QualitySummary {
  const mean = (f: (r: (typeof runs)[number]) => number) =>
    runs.length === 0 ? 0 : runs.reduce((s, r) => s + f(r), 0) / runs.length;
  return {
    queries: runs.length,
    mrr10: mean((r) => reciprocalRank(r.ranked, r.relevant, 10)),
    recall1: mean((r) => recallAt(r.ranked, r.relevant, 1)),
    recall5: mean((r) => recallAt(r.ranked, r.relevant, 5)),
    recall10: mean((r) => recallAt(r.ranked, r.relevant, 10)),
    ndcg10: mean((r) => ndcgAt(r.ranked, r.relevant, 10)),
  };
}
