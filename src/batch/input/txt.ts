/** Plain text: each non-blank line is a question (trimmed); lines starting with "#" are comments. */
import { checkedRow, tryRow } from "./fields.js";
import { readLines } from "./lines.js";
import { maxRecordLength, type Reader } from "./reader.js";

export const readTxt: Reader = async function* (context) {
  const limit = maxRecordLength(context);
  for await (const { line, text, tooLong } of readLines(context.path, limit)) {
    if (tooLong) {
      yield { ok: false, line, error: `the line is longer than ${limit.toLocaleString("en")} characters` };
      continue;
    }
    const question = text.trim();
    if (!question || question.startsWith("#")) continue;
    yield tryRow(line, () => checkedRow({ line, question, meta: {} }, context.maxTextLength));
  }
};
