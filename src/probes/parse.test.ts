/**
 * Tests for parseProbeList on prober outputs in the styles real models write them, plus the real
 * GPT-3.5 prober outputs of the SAC3 data sets (1,250 lists) when the shared data folder is present.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sharedDataDir } from "../testing/paths.js";
import { cleanProbeText, isProbeLike, isQuestionLike, normalizeForComparison, parseProbeList } from "./parse.js";
import type { ParseProbeOptions } from "./parse.js";

const FRANCE = "What is the capital of France?";
const SEEDS = "What happens if you eat watermelon seeds?";
const VEINS = "Why do veins appear blue?";

interface Case {
  name: string;
  input: string;
  expected: string[];
  options?: ParseProbeOptions;
}

const cases: Case[] = [
  {
    name: "Llama 3: preamble, numbered list, postamble",
    input: `Here are 5 paraphrased versions of the question:

1. What occurs when watermelon seeds are swallowed?
2. If I eat the seeds of a watermelon, what will happen to me?
3. What are the effects of consuming watermelon seeds?
4. Is there any consequence to eating watermelon seeds?
5. What takes place in your body after you eat watermelon seeds?

These questions all convey the same meaning as the original question.`,
    expected: [
      "What occurs when watermelon seeds are swallowed?",
      "If I eat the seeds of a watermelon, what will happen to me?",
      "What are the effects of consuming watermelon seeds?",
      "Is there any consequence to eating watermelon seeds?",
      "What takes place in your body after you eat watermelon seeds?",
    ],
  },
  {
    name: "Mistral 7B: leading spaces, 1) numbering, blank lines between items",
    input: ` 1) Why do veins look blue?

 2) What makes veins appear blue in color?

 3) For what reason do our veins seem blue?`,
    expected: ["Why do veins look blue?", "What makes veins appear blue in color?", "For what reason do our veins seem blue?"],
  },
  {
    name: "Qwen: JSON array in a ```json fence",
    input: '```json\n[\n  "What city is the capital of France?",\n  "Which city serves as France\'s capital?",\n  "France\'s capital is which city?"\n]\n```',
    expected: ["What city is the capital of France?", "Which city serves as France's capital?", "France's capital is which city?"],
  },
  {
    name: "GPT-4o: **1.** bold numbering with markdown line breaks",
    input: "**1.** What city serves as the capital of France?  \n**2.** Which city is France's capital?  \n**3.** Can you tell me the capital city of France?",
    expected: ["What city serves as the capital of France?", "Which city is France's capital?", "Can you tell me the capital city of France?"],
  },
  {
    name: "Claude: quoted items, preamble and closing remark",
    input: `Here are 4 paraphrases that preserve the original meaning:

1. "Which city is the capital of France?"
2. "What is France's capital city?"
3. "Could you name the French capital?"
4. "France's capital city is what?"

Each version varies vocabulary and sentence structure while asking for the same fact.`,
    expected: ["Which city is the capital of France?", "What is France's capital city?", "Could you name the French capital?", "France's capital city is what?"],
  },
  {
    name: "tiny model: rambling prose with quoted questions, echo and an answer",
    input:
      'The question "What is the capital of France?" can be asked in many ways. For example, someone might ask ' +
      '"Which city is the capital of France?" Another person could say "What city is France\'s capital?" ' +
      "I hope this helps! The capital of France is Paris.",
    options: { question: FRANCE },
    expected: ["Which city is the capital of France?", "What city is France's capital?"],
  },
  {
    name: "all items on one line separated by numbers",
    input: "1. Why do veins look blue? 2. What makes our veins appear blue? 3. How come veins seem blue?",
    expected: ["Why do veins look blue?", "What makes our veins appear blue?", "How come veins seem blue?"],
  },
  {
    name: "one-line list after a preamble on the same line",
    input: "Sure! Here are three: 1) Why do veins look blue? 2) What makes our veins appear blue? 3) How come veins seem blue?",
    expected: ["Why do veins look blue?", "What makes our veins appear blue?", "How come veins seem blue?"],
  },
  {
    name: 'JSON object {"questions": [...]}',
    input: '{"questions": ["Why do veins look blue?", "What makes veins appear blue?"]}',
    expected: ["Why do veins look blue?", "What makes veins appear blue?"],
  },
  {
    name: 'JSON object {"probes": [...]} inside prose',
    input: 'Here is the JSON you asked for:\n{\n  "probes": [\n    "Why do veins look blue?",\n    "What makes veins appear blue?"\n  ]\n}\nLet me know if you need more.',
    expected: ["Why do veins look blue?", "What makes veins appear blue?"],
  },
  {
    name: 'JSON array of objects [{"question": ...}]',
    input: '[{"id": 1, "question": "What occurs when you swallow watermelon seeds?"}, {"id": 2, "question": "What are the effects of eating watermelon seeds?"}]',
    expected: ["What occurs when you swallow watermelon seeds?", "What are the effects of eating watermelon seeds?"],
  },
  {
    name: "JSON object keyed by number",
    input: '{"1": "Which city is the capital of France?", "2": "What is France\'s capital city?"}',
    expected: ["Which city is the capital of France?", "What is France's capital city?"],
  },
  {
    name: "Python-style list with single quotes and apostrophes",
    input: "['What is the capital city of France?', 'What's France's capital?', \"Which city is the capital of France?\"]",
    expected: ["What is the capital city of France?", "What's France's capital?", "Which city is the capital of France?"],
  },
  {
    name: "Q1: labels",
    input: "Q1: Why do veins look blue?\nQ2: What makes veins appear blue?\nQ3: How come veins seem blue?",
    expected: ["Why do veins look blue?", "What makes veins appear blue?", "How come veins seem blue?"],
  },
  {
    name: "**Question 1:** label with the question on the next line",
    input: "**Question 1:**\nWhat city is the capital of France?\n\n**Question 2:**\nWhich city serves as the French capital?",
    expected: ["What city is the capital of France?", "Which city serves as the French capital?"],
  },
  {
    name: "Probe N - labels under a markdown heading",
    input: "### Probes\n\nProbe 1 - What happens when you swallow watermelon seeds?\nProbe 2 - What is the result of eating watermelon seeds?",
    expected: ["What happens when you swallow watermelon seeds?", "What is the result of eating watermelon seeds?"],
  },
  {
    name: "(1) and 1: and 1 - numbering styles",
    input: "(1) Why do veins look blue?\n2: What makes veins appear blue?\n3 - How come veins seem blue?",
    expected: ["Why do veins look blue?", "What makes veins appear blue?", "How come veins seem blue?"],
  },
  {
    name: "bullets • and – and * with italics",
    input: "• Why do veins look blue?\n– What makes veins appear blue?\n* *How come veins seem blue?*",
    expected: ["Why do veins look blue?", "What makes veins appear blue?", "How come veins seem blue?"],
  },
  {
    name: "backticks and curly quotes around items",
    input: "1. `Which city is the capital of France?`\n2. “What is France’s capital city?”\n3. ‘Could you name the French capital?’",
    expected: ["Which city is the capital of France?", "What is France’s capital city?", "Could you name the French capital?"],
  },
  {
    name: "trailing annotations in parentheses, brackets and after dashes",
    input: `1. What is the capital city of France? (more formal)
2. Which city is France's capital? - rephrased with synonyms
3. France's capital is what? [inverted structure]
4. So, what's France's capital? — casual
5. "Could you name the French capital?" (polite)`,
    expected: ["What is the capital city of France?", "Which city is France's capital?", "France's capital is what?", "So, what's France's capital?", "Could you name the French capital?"],
  },
  {
    name: "leading style tags in bold, italics and plain",
    input: "1. **Formal:** What is the capital city of France?\n2. *Casual:* so what's France's capital?\n3. Simple version: Which city is the capital of France?",
    expected: ["What is the capital city of France?", "so what's France's capital?", "Which city is the capital of France?"],
  },
  {
    name: "duplicates ignoring case, spacing and punctuation",
    input: "1. What is the capital city of France?\n2. what is the capital city of France\n3. What is the capital city of France ?\n4. Which city is France's capital?",
    expected: ["What is the capital city of France?", "Which city is France's capital?"],
  },
  {
    name: "the original question echoed back is dropped, also when labelled",
    input: `Original question: What is the capital of France?
1. What is the capital of France?
2. Which city is France's capital?
3. WHAT IS THE CAPITAL OF FRANCE`,
    options: { question: FRANCE },
    expected: ["Which city is France's capital?"],
  },
  { name: "empty output", input: "", expected: [] },
  { name: "whitespace only", input: "  \n\r\n \t ", expected: [] },
  {
    name: "Windows line endings",
    input: "Here you go:\r\n\r\n1. Why do veins look blue?\r\n2. What makes veins appear blue?\r\n",
    expected: ["Why do veins look blue?", "What makes veins appear blue?"],
  },
  {
    name: "an item wrapped over two lines",
    input: "1. If a person were to swallow the seeds of a watermelon, what\n   would happen to them afterwards?\n2. What happens to you when you eat watermelon seeds?",
    expected: ["If a person were to swallow the seeds of a watermelon, what would happen to them afterwards?", "What happens to you when you eat watermelon seeds?"],
  },
  {
    name: "imperative probes in a clear list are kept",
    input: "1. Name the capital of France.\n2. Tell me which city is the capital of France.\n3. Pinpoint the city that is France's capital.\n4. What is the capital of France called?",
    expected: ["Name the capital of France.", "Tell me which city is the capital of France.", "Pinpoint the city that is France's capital.", "What is the capital of France called?"],
  },
  {
    name: "Claude: bullet notes after the numbered list are dropped",
    input: `Here are 3 ways to ask this:

1. Why do veins look blue through the skin?
2. What causes veins to appear blue?
3. How come our veins seem blue?

Key variations:
- Changed "appear" to "look" and "seem"
- Used different question words (why, what, how come)`,
    expected: ["Why do veins look blue through the skin?", "What causes veins to appear blue?", "How come our veins seem blue?"],
  },
  {
    name: "Llama 3.2 1B: an explanation line under every item",
    input: `Here are 3 paraphrased questions:

1. What is the capital city of France?
This question is more formal.

2. Which city is the capital of France?
This one uses "which" instead of "what".

3. Can you tell me the capital of France?
This version is more polite.

I hope these help! Let me know if you need anything else.`,
    expected: ["What is the capital city of France?", "Which city is the capital of France?", "Can you tell me the capital of France?"],
  },
  {
    name: "unnumbered lines mixing questions, a request and commentary",
    input: "Sure, here you go!\nWhat city is the capital of France?\nWhich city serves as France's capital?\nTell me the name of France's capital city.\nThese keep the same meaning.",
    expected: ["What city is the capital of France?", "Which city serves as France's capital?", "Tell me the name of France's capital city."],
  },
  {
    name: "plain lines, one question per line, no chatter",
    input: "Why do veins look blue?\nWhat makes veins appear blue?\nHow come veins seem blue?",
    expected: ["Why do veins look blue?", "What makes veins appear blue?", "How come veins seem blue?"],
  },
  {
    name: "JSON-ish quoted lines with trailing commas and no brackets",
    input: '"Which city is the capital of France?",\n"What is France\'s capital city?",',
    expected: ["Which city is the capital of France?", "What is France's capital city?"],
  },
  {
    name: "Qwen3: <think> block before the list",
    input: "<think>\nThe user wants 2 paraphrases. 1. What is... maybe. I should keep the meaning.\n</think>\n\n1. Why do veins look blue?\n2. What makes veins appear blue?",
    expected: ["Why do veins look blue?", "What makes veins appear blue?"],
  },
  {
    name: "more items than asked: all are returned",
    input:
      "1. Why do veins look blue?\n2. What makes veins appear blue?\n3. How come veins seem blue?\n4. Why are veins blue in appearance?\n5. For what reason do veins look bluish?\n6. What gives veins their blue look?",
    expected: [
      "Why do veins look blue?",
      "What makes veins appear blue?",
      "How come veins seem blue?",
      "Why are veins blue in appearance?",
      "For what reason do veins look bluish?",
      "What gives veins their blue look?",
    ],
  },
  {
    name: "numbers, colons and inner quotes inside probes are left alone",
    input: `1. Is 1 kilogram of feathers heavier than 1 kilogram of steel?
2. What weighs more: 1 kg of feathers or 1 kg of steel?
3. What does the word "ephemeral" mean?
4. In 1969, who was the first person to walk on the Moon?`,
    expected: [
      "Is 1 kilogram of feathers heavier than 1 kilogram of steel?",
      "What weighs more: 1 kg of feathers or 1 kg of steel?",
      'What does the word "ephemeral" mean?',
      "In 1969, who was the first person to walk on the Moon?",
    ],
  },
  {
    name: "Paraphrase N: labels and an em-dash explanation",
    input: 'Paraphrase 1: What causes veins to look blue? — swaps "appear" for "look"\nParaphrase 2: Why is it that veins appear blue?',
    expected: ["What causes veins to look blue?", "Why is it that veins appear blue?"],
  },
  {
    name: "follow-up request: items already accepted are dropped",
    input: "1. Why do veins look blue?\n2. What gives veins their bluish colour?\n3. How come veins seem blue?",
    options: { question: VEINS, exclude: ["Why do veins look blue?", "how come veins seem blue"] },
    expected: ["What gives veins their bluish colour?"],
  },
  {
    name: "a) b) lettered list",
    input: "a) What happens when you swallow watermelon seeds?\nb) What is the result of eating watermelon seeds?",
    options: { question: SEEDS },
    expected: ["What happens when you swallow watermelon seeds?", "What is the result of eating watermelon seeds?"],
  },
  {
    name: "chat-template tokens left in raw llama.cpp output",
    input: "1. Why do veins look blue?\n2. What makes veins appear blue?<|eot_id|>",
    expected: ["Why do veins look blue?", "What makes veins appear blue?"],
  },
  {
    name: "prober answered the question instead: nothing usable",
    input: "The capital of France is Paris. It has been the capital since the 10th century.",
    options: { question: FRANCE },
    expected: [],
  },
  {
    name: "Gemma: bold bullets, the question quoted in the preamble",
    input: `Okay, here are 3 ways to ask "What is the capital of France?":

*   **Which city is the capital of France?**
*   **What city serves as France's capital?**
*   **Can you tell me the capital of France?**

I hope this helps!`,
    options: { question: FRANCE },
    expected: ["Which city is the capital of France?", "What city serves as France's capital?", "Can you tell me the capital of France?"],
  },
  {
    name: "GPT-4o: groups under bold headings, numbering restarting",
    input: `**Formal versions:**
1. What is the capital city of France?
2. Which city serves as the capital of France?

**Casual versions:**
1. So what's France's capital?
2. France's capital is what, again?`,
    expected: ["What is the capital city of France?", "Which city serves as the capital of France?", "So what's France's capital?", "France's capital is what, again?"],
  },
  {
    name: "indented sub-bullets explaining each item are dropped",
    input: "1. What is the capital city of France?\n   - This version adds 'city'.\n2. Which city is France's capital?\n   - Uses 'which' instead of 'what'.",
    expected: ["What is the capital city of France?", "Which city is France's capital?"],
  },
  {
    name: "numbered style labels with the probes as sub-bullets",
    input: "1. Formal\n   - What is the capital city of France?\n2. Casual\n   - So what's France's capital?",
    expected: ["What is the capital city of France?", "So what's France's capital?"],
  },
  {
    name: "label-only items: 1. Formal version: with the probe on the next line",
    input: "1. Formal version:\nWhat is the capital city of France?\n2. Casual version:\nSo what's France's capital?",
    expected: ["What is the capital city of France?", "So what's France's capital?"],
  },
  {
    name: "prober answered each probe: the answers are dropped",
    input: "1. What is the capital city of France?\nAnswer: Paris\n2. Which city is France's capital?\nAnswer: Paris",
    expected: ["What is the capital city of France?", "Which city is France's capital?"],
  },
  {
    name: "DeepSeek-R1: reasoning ends with </think> whose opening tag was in the template",
    input: "Okay, the user wants paraphrases. 1. Which city... Let me think.\n</think>\n1. Which city is France's capital?\n2. What city serves as the capital of France?",
    expected: ["Which city is France's capital?", "What city serves as the capital of France?"],
  },
  {
    name: "JSON whose value is one string holding a numbered list",
    input: '{"questions": "1. Which city is France\'s capital?\\n2. What city serves as the capital of France?"}',
    expected: ["Which city is France's capital?", "What city serves as the capital of France?"],
  },
  {
    name: "markdown table",
    input: "| # | Probe |\n|---|---|\n| 1 | What is the capital city of France? |\n| 2 | Which city is France's capital? |",
    expected: ["What is the capital city of France?", "Which city is France's capital?"],
  },
  {
    name: "a single item",
    input: "1. Which city is France's capital?",
    expected: ["Which city is France's capital?"],
  },
  {
    name: "numbers without a space, and a mangled 5.0 number (seen in real GPT-3.5 output)",
    input: "1.Which city is France's capital?\n2.What city serves as the capital of France?\n3.0 Can you name the French capital?\n4.Ignore",
    expected: ["Which city is France's capital?", "What city serves as the capital of France?", "Can you name the French capital?"],
  },
  {
    name: "Qwen in Chinese: full-width question marks, no spaces, a one-word answer dropped",
    input: "1. 法国的首都是哪里？\n2. 哪个城市是法国的首都？\n3. 巴黎",
    expected: ["法国的首都是哪里？", "哪个城市是法国的首都？"],
  },
  {
    name: "Spanish with inverted question marks",
    input: "1. ¿Cuál es la capital de Francia?\n2. ¿Qué ciudad es la capital de Francia?",
    expected: ["¿Cuál es la capital de Francia?", "¿Qué ciudad es la capital de Francia?"],
  },
  {
    name: "a probe about 'different versions' is kept; the closing offer of more is not",
    input: "1. Are there different versions of the story of Noah's ark?\n2. Do other versions of the Noah story exist?\n\nDo you need more variations?",
    expected: ["Are there different versions of the story of Noah's ark?", "Do other versions of the Noah story exist?"],
  },
  {
    name: "a probe with two questions stays whole when nothing around it is chatter",
    input: "Are there still books that are banned by the law in England? What are they?",
    expected: ["Are there still books that are banned by the law in England? What are they?"],
  },
];

describe("parseProbeList", () => {
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(parseProbeList(c.input, c.options), c.expected);
    });
  }

  it("has at least 30 table cases", () => {
    assert.ok(cases.length >= 30, `only ${cases.length} cases`);
  });
});

describe("normalizeForComparison", () => {
  it("ignores case, accents, punctuation and spacing", () => {
    assert.equal(normalizeForComparison("  Où est   la Tour-Eiffel ?! "), "ou est la tour eiffel");
    assert.equal(normalizeForComparison("What's France’s capital?"), normalizeForComparison("whats frances capital"));
  });
  it("keeps words and numbers apart", () => {
    assert.notEqual(normalizeForComparison("Is 1 kg heavier?"), normalizeForComparison("Is 2 kg heavier?"));
  });
});

describe("isQuestionLike / isProbeLike", () => {
  it("recognises questions with and without a question mark", () => {
    assert.equal(isQuestionLike("Why do veins look blue?"), true);
    assert.equal(isQuestionLike("how come veins seem blue"), true);
    assert.equal(isQuestionLike("Paris is the capital of France."), false);
    assert.equal(isQuestionLike("What makes veins blue"), true);
    assert.equal(isQuestionLike("These keep the same meaning."), false);
  });
  it("counts requests for information as probes", () => {
    assert.equal(isProbeLike("Name the capital of France."), true);
    assert.equal(isProbeLike("I'd like to know the capital of France."), true);
    assert.equal(isProbeLike("Changed the word order."), false);
  });
});

describe("cleanProbeText", () => {
  it("removes numbering, quotes, markdown and annotations from a user-edited probe", () => {
    assert.equal(cleanProbeText('  3. **"Which city is the capital of France?"** (formal)\n'), "Which city is the capital of France?");
  });
  it("leaves a clean probe as it is", () => {
    assert.equal(cleanProbeText("What weighs more: 1 kg of feathers or 1 kg of steel?"), "What weighs more: 1 kg of feathers or 1 kg of steel?");
  });
});

describe("parseProbeList on real GPT-3.5 prober output (SAC3 question_perturb)", () => {
  const dir = sharedDataDir();
  for (const file of ["nq_open_250.json", "prime_500.json", "senator_500.json"]) {
    it(file, { skip: dir === undefined && "shared data folder absent" }, () => {
      const rows = JSON.parse(readFileSync(join(dir!, "sac3", file), "utf8")) as { question: string; question_perturb: string[] }[];
      let compared = 0;
      for (const row of rows) {
        // Independent oracle for this simple format: "1. X" / "1: X" / "Q1: X" lines, one per probe.
        const seen = new Set([normalizeForComparison(row.question)]);
        const expected: string[] = [];
        for (const line of row.question_perturb) {
          const text = line.trim().replace(/^Q?\d+(?:\.0\s|\s*[.:)])\s*/, "");
          const key = normalizeForComparison(text);
          if (key.split(" ").length < 2 || seen.has(key)) continue;
          seen.add(key);
          expected.push(text);
        }
        const actual = parseProbeList(row.question_perturb.join("\n"), { question: row.question });
        assert.deepEqual(actual, expected, row.question);
        compared += expected.length;
      }
      assert.ok(compared > rows.length * 5, `too few probes compared: ${compared}`);
    });
  }
});

/** Rows of a CSV file with quoted fields (RFC 4180), enough for truthfulqa.csv. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\n") row.push(field), rows.push(row), (row = []), (field = "");
    else if (c !== "\r") field += c;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

describe("parseProbeList leaves real questions intact (TruthfulQA, 817)", () => {
  const dir = sharedDataDir();
  it("as list items, as plain lines and through cleanProbeText", { skip: dir === undefined && "shared data folder absent" }, () => {
    const [header, ...rows] = readCsv(readFileSync(join(dir!, "truthfulqa.csv"), "utf8"));
    const column = header!.indexOf("Question");
    const questions = rows.map((r) => (r[column] ?? "").replace(/\s+/g, " ").trim()).filter(Boolean);
    assert.ok(questions.length > 800, `read only ${questions.length} questions`);
    for (const q of questions) {
      assert.deepEqual(parseProbeList(`1. ${q}\n2) "${q}" (rephrased)`), [q]);
      assert.deepEqual(parseProbeList(q), [q]);
      assert.equal(cleanProbeText(q), q);
      assert.deepEqual(parseProbeList(`1. ${q}`, { question: q }), []);
    }
  });
});
