// A node:test reporter that ends the run with one plain line CI can read: "N passed, N failed".
// Before it, one loud line per reason tests were skipped for (e.g. no Chromium, and how to install it).
export default async function* summary(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const reasons = new Map();
  for await (const event of source) {
    if (event.data?.details?.type === "suite") continue;
    if (event.type === "test:pass") {
      if (event.data.skip || event.data.todo) {
        skipped++;
        const reason = typeof event.data.skip === "string" ? event.data.skip : "no reason given";
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      } else passed++;
    } else if (event.type === "test:fail") {
      failed++;
    }
  }
  for (const [reason, count] of reasons) yield `SKIPPED ${count} test(s): ${reason}\n`;
  yield `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`;
}
