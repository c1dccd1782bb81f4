/**
 * How well a set of passages backs a claim, offline: the unigram idea of SelfCheckGPT made explicit.
 * Each content word of the claim (stemmed; a claim of only function words uses them all) is supported
 * by the share of passages that contain it. A claim is as well supported as its informative words are:
 *   support = 1 − sqrt( Σ w·(1 − s_w)² / Σ w )
 * with s_w the word's support and w its rarity weight (SIF weight from GloVe ranks, or 1 without
 * vectors). The root mean square lets one unsupported rare word (a wrong year, a wrong name) pull the
 * claim down much more than a reworded common word. Measured on SelfCheckGPT WikiBio in docs/ACCURACY.md.
 */
import { stem } from "./stem.js";
import { isStopWord } from "./stopwords.js";
import { wordsOf as words } from "./tokenize.js";

/**
 * The stems of a passage. Sentence support asks about every answer against all the others, so each
 * passage is read n − 1 times in a row: the last few hundred are kept.
 */
const bagCache = new Map<string, Set<string>>();
const BAGS_KEPT = 512;

function wordBag(passage: string): Set<string> {
  let bag = bagCache.get(passage);
  if (bag) {
    bagCache.delete(passage); // most recently used last
  } else {
    bag = new Set(words(passage).map(stem));
    if (bagCache.size >= BAGS_KEPT) bagCache.delete(bagCache.keys().next().value!);
  }
  bagCache.set(passage, bag);
  return bag;
}

/**
 * Support of each claim by the passages, in 0..1 (1 when there are no passages to disagree). Words whose
 * stem is in `given` (the question's and the prompt's: every answer may repeat them) are left out of a
 * claim that says something beyond them.
 */
export function wordSupport(claims: string[], passages: string[], weightOf: (token: string) => number = () => 1, given?: ReadonlySet<string>): number[] {
  if (passages.length === 0) return claims.map(() => 1);
  const bags = passages.map(wordBag);
  return claims.map((claim) => {
    const all = words(claim);
    const content = all.filter((w) => !isStopWord(w));
    const beyond = given ? content.filter((w) => !given.has(stem(w))) : content;
    const used = beyond.length ? beyond : content.length ? content : all;
    if (used.length === 0) return 1;
    let total = 0;
    let missing = 0;
    for (const word of used) {
      const key = stem(word);
      let found = 0;
      for (const bag of bags) if (bag.has(key)) found++;
      const weight = weightOf(word);
      const unsupported = 1 - found / bags.length;
      total += weight;
      missing += weight * unsupported * unsupported;
    }
    return total === 0 ? 1 : 1 - Math.sqrt(missing / total);
  });
}
