/**
 * Warm-up of the text scanners (tokenize.ts, conflict.ts), run once when their module loads. V8 optimizes a
 * function for the branches it has seen run; a branch met only later (a `%`, a "1,000.5", an apostrophe, a
 * capital, a non-ASCII text) throws the optimized code away, and the function, interpreted again, is compiled
 * a second and a third time. In a 300-question batch that was a quarter of the optimizing compiler's work
 * (2.6% of the run's instructions: README, Speed). These texts take every branch, enough times for V8 to
 * have started recording which ones ran; the scanners are pure, so nothing of this stays but that record.
 */
export const WARM_UP_TEXTS = [
  "It's 1,000.5% of the U.S. co-op's 3rd well-known rock'n'roll x-ray; 42 isn't 7.5 or 1,234: 10% Q&A, A1-b2 x1y",
  "no 12a 3.4.5 e.g. o'clock don't 99% 'quoted' x- -y a'",
  "Café — “naïve” 12 €",
];

/** Runs `scan` over the warm-up texts and their lower-case forms, `rounds` times. */
export function warmUp(scan: (text: string) => unknown, rounds = 8): void {
  for (let n = 0; n < rounds; n++) {
    for (const text of WARM_UP_TEXTS) {
      scan(text);
      scan(text.toLowerCase());
    }
  }
}
