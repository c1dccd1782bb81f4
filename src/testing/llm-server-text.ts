/** Deterministic text helpers for the scripted LLM server: token counts, stream pieces, hashing embeddings. */

const TOKEN = /[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu;
const WORD = /[\p{L}\p{N}]+/gu;

/** A stand-in token count: words and punctuation marks. */
export function countTokens(text: string): number {
  return text.match(TOKEN)?.length ?? 0;
}

/** Prompt tokens of a conversation: the tokens of every message plus one per message (the role). */
export function promptTokens(messages: { content: string }[]): number {
  return messages.reduce((sum, m) => sum + countTokens(m.content) + 1, 0);
}

/** Word-sized stream pieces whose concatenation is exactly `text` ("" gives no pieces). */
export function splitPieces(text: string): string[] {
  if (text === "") return [];
  return text.match(/\s*\S+\s*/g) ?? [text];
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A bag-of-words feature-hashing embedding, L2-normalized: each lower-cased word adds ±1 to one of `dim`
 * slots. Texts sharing words get similar vectors; word order does not matter; "" gives a unit vector on slot 0.
 */
export function hashEmbedding(text: string, dim = 64): number[] {
  const v = new Array<number>(dim).fill(0);
  for (const word of text.toLowerCase().match(WORD) ?? []) {
    const h = fnv1a(word);
    v[h % dim]! += h & 0x80000000 ? -1 : 1;
  }
  const norm = Math.hypot(...v);
  if (norm === 0) {
    v[0] = 1;
    return v;
  }
  return v.map((x) => x / norm);
}

/** Cosine similarity of two equal-length vectors (0 when either is all zeros). */
export function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
