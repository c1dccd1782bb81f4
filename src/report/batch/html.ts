/** `report.html`: one pass over the rows into bounded aggregates, then the page, section by section. */
import { Aggregator } from "./aggregate.js";
import { pageEnd, pageStart } from "./page.js";
import { categoriesSection } from "./section-categories.js";
import { comparisonSection } from "./section-comparison.js";
import { headerSection } from "./section-header.js";
import { scatterSection } from "./section-scatter.js";
import { distributionSection, summarySection } from "./section-summary.js";
import { worstSection } from "./section-worst.js";
import type { ReportWriter } from "./types.js";

export const htmlReport: ReportWriter = {
  format: "html",
  file: "report.html",
  async write(source, sink, options) {
    const aggregator = new Aggregator(source.run, options);
    for await (const row of source.rows()) aggregator.add(row);
    const data = aggregator.finish();
    await sink.write(pageStart(data, headerSection(data)));
    for (const section of [summarySection, distributionSection, categoriesSection, scatterSection, comparisonSection, worstSection]) await sink.write(`\n${section(data)}`);
    await sink.write(`\n${pageEnd()}`);
  },
};
