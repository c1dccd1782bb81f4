/** Small statistics for benchmarks and fitting: ranks, Spearman, Pearson, AUROC, least squares. */

/** 1-based ranks with ties given their average rank. */
export function ranks(xs: readonly number[]): number[] {
  const order = xs.map((_, i) => i).sort((i, j) => xs[i]! - xs[j]!);
  const out = new Array<number>(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && xs[order[j + 1]!] === xs[order[i]!]) j++;
    for (let k = i; k <= j; k++) out[order[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

export function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

export function spearman(xs: readonly number[], ys: readonly number[]): number {
  return pearson(ranks(xs), ranks(ys));
}

/** Area under the ROC curve of scores for binary labels (1 = positive), ties counted half. */
export function auroc(scores: readonly number[], labels: readonly number[]): number {
  const r = ranks(scores);
  let positives = 0;
  let rankSum = 0;
  labels.forEach((label, i) => {
    if (label === 1) {
      positives++;
      rankSum += r[i]!;
    }
  });
  const negatives = labels.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Average precision (the area under the precision-recall curve as scikit-learn computes it, which
 * SelfCheckGPT reports as AUC-PR): the mean of the precision at each positive, best scores first. Tied
 * scores are taken as one block (precision at the end of the block), so the order of ties does not matter.
 */
export function averagePrecision(scores: readonly number[], labels: readonly number[]): number {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const positives = labels.filter((l) => l === 1).length;
  let seen = 0;
  let hits = 0;
  let sum = 0;
  for (let k = 0; k < order.length; ) {
    let end = k;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[k]!]) end++;
    let blockHits = 0;
    for (let m = k; m <= end; m++) if (labels[order[m]!] === 1) blockHits++;
    seen += end - k + 1;
    hits += blockHits;
    sum += blockHits * (hits / seen);
    k = end + 1;
  }
  return positives ? sum / positives : Number.NaN;
}

/** Least-squares weights w (rows of x already include any intercept column), with a tiny ridge. */
export function leastSquares(x: readonly number[][], y: readonly number[], ridge = 1e-9): number[] {
  const k = x[0]!.length;
  const a = Array.from({ length: k }, (_, i) => Array.from({ length: k + 1 }, (_, j) => (i === j ? ridge : 0)));
  x.forEach((row, n) => {
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) a[i]![j]! += row[i]! * row[j]!;
      a[i]![k]! += row[i]! * y[n]!;
    }
  });
  for (let c = 0; c < k; c++) {
    let pivot = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / a[c]![c]!;
      for (let j = c; j <= k; j++) a[r]![j]! -= f * a[c]![j]!;
    }
  }
  return a.map((row, i) => row[k]! / row[i]!);
}

/** First principal direction (uncentered, as in SIF) of row vectors, by power iteration; a unit vector. */
export function firstComponent(rows: readonly ArrayLike<number>[], iterations = 200): number[] {
  const dims = rows[0]!.length;
  let u = Array.from({ length: dims }, (_, d) => 1 / Math.sqrt(dims) + d * 1e-6);
  for (let it = 0; it < iterations; it++) {
    const next = new Array<number>(dims).fill(0);
    for (const v of rows) {
      let dot = 0;
      for (let d = 0; d < dims; d++) dot += v[d]! * u[d]!;
      for (let d = 0; d < dims; d++) next[d]! += dot * v[d]!;
    }
    const norm = Math.sqrt(next.reduce((s, x) => s + x * x, 0));
    u = next.map((x) => x / norm);
  }
  // Fix the sign so the constant is reproducible: largest coordinate positive.
  const big = u.reduce((b, x, i) => (Math.abs(x) > Math.abs(u[b]!) ? i : b), 0);
  return u[big]! < 0 ? u.map((x) => -x) : u;
}
