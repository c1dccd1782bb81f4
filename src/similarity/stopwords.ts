/**
 * English function words (NLTK's list, after our tokenizer's contraction expansion), minus the negations
 * "no", "not", "nor" and "never": those change meaning, so lexical signals keep them.
 */
const WORDS = `a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most my myself
now of off on once only or other our ours ourselves out over own same she should so some such than that the
their theirs them themselves then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your yours yourself yourselves also`;

export const STOP_WORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/));

export function isStopWord(token: string): boolean {
  return STOP_WORDS.has(token);
}
