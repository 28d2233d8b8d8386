// Prints how long each phase took, then totals the Vitest and Playwright JSON reports into the
// single line CI reads.
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;
/** [name, seconds] in the order they ran. */
const phases = [];

if (process.env.CI_PHASES && existsSync(process.env.CI_PHASES))
  for (const line of readFileSync(process.env.CI_PHASES, "utf8").split("\n").filter(Boolean)) {
    const [name, seconds] = line.split("\t");
    if (name !== "npm test") phases.push([name, Number(seconds)]);
  }

if (existsSync("test-results/vitest.json")) {
  const v = JSON.parse(readFileSync("test-results/vitest.json", "utf8"));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
  // A suite that failed to load has no tests to count, but it is a failure.
  failed += (v.testResults ?? []).filter(
    (r) => r.status === "failed" && r.assertionResults.length === 0,
  ).length;
  const ends = (v.testResults ?? []).map((r) => r.endTime ?? 0);
  if (ends.length) phases.push(["vitest", (Math.max(...ends) - v.startTime) / 1000]);
  reports++;
}
if (existsSync("test-results/playwright.json")) {
  const p = JSON.parse(readFileSync("test-results/playwright.json", "utf8"));
  passed += p.stats.expected + p.stats.flaky;
  failed += p.stats.unexpected;
  skipped += p.stats.skipped;
  failed += (p.errors ?? []).length;
  reports++;
  playwrightPhases(p);
}
if (reports === 0) failed++;
for (const [name, seconds] of phases) console.log(`phase ${name}: ${seconds.toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);

/**
 * Start-up (build, stacks) until the first test, then each project from its first test's start
 * to its last test's end; projects overlap, so these add up to more than the whole.
 */
function playwrightPhases(report) {
  const spans = new Map();
  const visit = (suite) => {
    for (const spec of suite.specs ?? [])
      for (const test of spec.tests)
        for (const result of test.results) {
          const start = Date.parse(result.startTime);
          const end = start + result.duration;
          const span = spans.get(test.projectName) ?? { start, end };
          spans.set(test.projectName, {
            start: Math.min(span.start, start),
            end: Math.max(span.end, end),
          });
        }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of report.suites ?? []) visit(suite);
  const began = Date.parse(report.stats.startTime);
  const firstTest = Math.min(...[...spans.values()].map((span) => span.start));
  if (Number.isFinite(firstTest))
    phases.push(["playwright start-up (build, stacks)", (firstTest - began) / 1000]);
  for (const [project, span] of [...spans].sort((a, b) => a[1].start - b[1].start))
    phases.push([`playwright ${project}`, (span.end - span.start) / 1000]);
  phases.push(["playwright in all", report.stats.duration / 1000]);
}
