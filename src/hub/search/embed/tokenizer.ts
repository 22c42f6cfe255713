/**
 * SentencePiece unigram tokenizer (Viterbi over piece log-probabilities), matching the
 * segmentation the Universal Sentence Encoder lite was trained with: NFKC, spaces become
 * U+2581, and the best-scoring split wins. Unknown characters map to id 0.
 */
const SEP = '\u2581';
/** Ids 0..5 are <unk>, <s>, </s> and reserved tokens; they are never produced by segmentation. */
const RESERVED = 6;

export interface Vocabulary {
  ids: Map<string, number>;
  scores: Float64Array;
  maxLen: number;
}

export function buildVocabulary(pieces: ReadonlyArray<readonly [string, number]>): Vocabulary {
  const ids = new Map<string, number>();
  const scores = new Float64Array(pieces.length);
  let maxLen = 1;
  for (let i = 0; i < pieces.length; i++) {
    const [piece, score] = pieces[i]!;
    scores[i] = score;
    if (i < RESERVED) continue;
    ids.set(piece, i);
    maxLen = Math.max(maxLen, [...piece].length);
  }
  return { ids, scores, maxLen };
}

export function tokenize(vocab: Vocabulary, text: string): number[] {
  const normalized = text.normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (normalized.length === 0) return [];
  const chars = [...(SEP + normalized.replaceAll(' ', SEP))];
  const n = chars.length;
  const best = new Float64Array(n + 1).fill(Number.NEGATIVE_INFINITY);
  const backLen = new Int32Array(n + 1);
  const backId = new Int32Array(n + 1);
  best[0] = 0;
  for (let start = 0; start < n; start++) {
    if (best[start] === Number.NEGATIVE_INFINITY) continue;
    let piece = '';
    let matched = false;
    for (let len = 1; len <= vocab.maxLen && start + len <= n; len++) {
      piece += chars[start + len - 1];
      const id = vocab.ids.get(piece);
      if (id === undefined) continue;
      matched = true;
      const score = best[start]! + vocab.scores[id]!;
      if (score > best[start + len]!) {
        best[start + len] = score;
        backLen[start + len] = len;
        backId[start + len] = id;
      }
    }
    // An unknown character costs more than any real piece, so it is only used when nothing else fits.
    if (!matched && best[start]! - 100 > best[start + 1]!) {
      best[start + 1] = best[start]! - 100;
      backLen[start + 1] = 1;
      backId[start + 1] = 0;
    }
  }
  const out: number[] = [];
  for (let end = n; end > 0; end -= backLen[end]!) out.push(backId[end]!);
  out.reverse();
  // Consecutive unknowns collapse to one, as in the reference tokenizer.
  return out.filter((id, i) => !(id === 0 && out[i - 1] === 0));
}
