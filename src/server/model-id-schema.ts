/** A model id in a request body, checked (zod): shared by the live and batch request schemas. */
import { z } from "zod";

export const modelId = z
  .string()
  .trim()
  .max(300)
  .regex(/^[a-z-]+:\S/, "expected a model id such as ollama:llama3.2 or openai:gpt-4o-mini");
