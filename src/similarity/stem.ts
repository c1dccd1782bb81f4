/**
 * A light English stemmer for lexical matching: folds plurals, -ed/-ing, -ly and a few derivational
 * endings so "runs", "running" and "run" meet. Deliberately conservative (no Porter step-4 surgery):
 * it only has to make two wordings of one word equal, not produce linguistic stems.
 */

import { memoize } from "./memo.js";

const VOWEL = /[aeiouy]/;

function undouble(stem: string): string {
  return /([bdfgmnprt])\1$/.test(stem) ? stem.slice(0, -1) : stem;
}

/** The stem of a lower-case word (memoized: a run meets the same words again and again). */
export const stem: (word: string) => string = memoize(stemWord, 4096);

function stemWord(word: string): string {
  let w = word;
  if (w.length <= 3 || !/^[a-z]+$/.test(w)) return w;
  if (w.endsWith("ies") && w.length > 4) w = w.slice(0, -3) + "y";
  else if (/(?:ss|us|is)$/.test(w)) {
    /* keep: glass, bus, analysis */
  } else if (/(?:ches|shes|sses|xes|zes)$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith("s")) w = w.slice(0, -1);

  if (w.endsWith("ing") && w.length > 5 && VOWEL.test(w.slice(0, -3))) w = undouble(w.slice(0, -3));
  else if (w.endsWith("ied") && w.length > 4) w = w.slice(0, -3) + "y";
  else if (w.endsWith("ed") && w.length > 4 && VOWEL.test(w.slice(0, -2))) w = undouble(w.slice(0, -2));
  else if (w.endsWith("ly") && w.length > 5) w = w.slice(0, -2);

  for (const suffix of ["ational", "ation", "ness", "ment", "ful", "ity"]) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 4) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  return w.endsWith("e") && w.length > 3 ? w.slice(0, -1) : w;
}
