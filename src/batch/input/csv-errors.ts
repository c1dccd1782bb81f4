/** The CSV scanner's problems in the user's terms (the line is given apart, so messages do not repeat it). */
import type { CsvScanError } from "./csv-scan.js";

/**
 * `runsOn`: the parser was past the row's first line when it failed, so a quoted field ran on over line
 * breaks. `resumes`: reading goes on after the row (false for the header, which stops the file).
 */
export function describeCsvError(error: CsvScanError, runsOn: boolean, maxRecordSize: number, resumes = true): string {
  const RESUMES = resumes ? "reading resumes on the next line" : "the file cannot be read past it";
  const unclosed = `a quote opened on this line is not closed where it should be (the field runs on over the lines after it); ${RESUMES}`;
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return `a quote opened on this line is never closed; ${RESUMES}`;
    case "CSV_INVALID_CLOSING_QUOTE":
      return runsOn ? unclosed : `text follows the closing quote of a quoted field (inside quotes, write a quote as two: "")`;
    case "INVALID_OPENING_QUOTE":
      return runsOn ? unclosed : 'a quote inside an unquoted field: put the whole field in double quotes and write each quote in it as two ("")';
    case "CSV_MAX_RECORD_SIZE":
      return runsOn
        ? `the row is longer than ${maxRecordSize.toLocaleString("en")} bytes: most likely a quote opened on this line is never closed; ${RESUMES}`
        : `the line is longer than ${maxRecordSize.toLocaleString("en")} bytes, the longest row auditllm reads (32 × the longest text, at least 1 MiB); ${RESUMES}`;
  }
}
