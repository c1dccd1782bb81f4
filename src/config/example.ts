/** What `auditllm init` writes: a commented auditllm.config.yaml (a test checks that it loads as it is). */
export const EXAMPLE_CONFIG = `# auditllm.config.yaml — settings of \`auditllm batch\` and the gate of \`auditllm compare\`.
# Flags on the command line override these. Paths are relative to this file's folder.
# Model ids: ollama:<model>, openai:<model>, anthropic:<model>, openai-compatible:<model> (with baseUrl),
# llamacpp:<path.gguf>. API keys come from the environment (OPENAI_API_KEY, ANTHROPIC_API_KEY), never from here.

# The questions: .csv .tsv .jsonl .txt or .xlsx, with a question column (an id column pairs runs by id).
input: questions.csv

# The model(s) that answer, compared on the same probes.
targets:
  - ollama:llama3.2
# The model that writes the probes (default: the first target).
prober: ollama:llama3.2
# baseUrl: http://127.0.0.1:8000/v1        # the server of openai-compatible:<model> targets

probes: 5            # probes (rewrites) per question
samples: 1           # answers per prompt; 2 or more separates sampling noise from paraphrase sensitivity
temperature: 0.5     # of the target (the prober always runs at 0)
maxTokens: 512
diversity: medium    # low, medium or high
metric: hybrid       # hybrid, glove, lexical, embedding:<model-id>, transformer:<folder>, …
# judge: openai:gpt-4o-mini                # an LLM judges each pair of answers (one call per pair)
concurrency: 8       # calls in flight per provider server
timeout: 120         # seconds per call
retries: 3

out: audit-reports   # where results.csv, results.xlsx, results.jsonl and report.html go
# junit: audit-reports/junit.xml            # JUnit XML for CI dashboards (one test case per question × target)
# probesFrom: 20261201-090000-abc123        # reuse that run's probes for the questions it shares

thresholds:
  failUnder: 0.6       # batch exits 1 when a target's mean consistency is below this
  failIfWorse: 0.02    # compare exits 1 when the mean consistency drops by more than this
  maxWorseShare: 0.2   # … or when more than this share of the questions got worse by more than the margin
  margin: 0.05         # how far a question's score must move to count as better or worse
`;
