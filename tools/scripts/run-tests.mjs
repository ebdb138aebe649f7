#!/usr/bin/env node
// Runs every project's tests through Nx and prints one line, `N passed, N failed`, summed over the vitest
// JSON reports (vitest.shared.ts writes one per project to test-results/vitest.json). Exit code is non-zero
// when Nx failed, any test failed, or a project with a test target left no report.
import { spawnSync } from "node:child_process"
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs"
import { join } from "node:path"

const root = join(import.meta.dirname, "..", "..")
const projects = ["packages", "apps", "tools"]
  .flatMap((group) => readdirSync(join(root, group)).map((name) => join(root, group, name)))
  .filter((dir) => existsSync(join(dir, "package.json")))
  .filter((dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).scripts?.test !== undefined)
const reportOf = (dir) => join(dir, "test-results", "vitest.json")

for (const dir of projects) rmSync(reportOf(dir), { force: true })

// The gateway's shared-outbox tests need PostgreSQL: start (and on a fresh Debian machine, install) one unless a
// URL is given. Without it those tests are skipped and the summary shows them as skipped.
if (process.env.ITS_TEST_DATABASE_URL === undefined) {
  const pg = spawnSync("bash", [join(root, "tools", "scripts", "postgres.sh")], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8"
  })
  const url = pg.stdout?.trim().split("\n").at(-1)
  if (pg.status === 0 && url?.startsWith("postgres://")) process.env.ITS_TEST_DATABASE_URL = url
  else console.error("PostgreSQL is not available: the PostgreSQL outbox tests will be skipped")
}

const nx = spawnSync("pnpm", ["exec", "nx", "run-many", "-t", "test", "--parallel=2", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit"
})

let passed = 0
let failed = 0
let skipped = 0
const missing = []
for (const dir of projects) {
  if (!existsSync(reportOf(dir))) {
    missing.push(dir.slice(root.length + 1))
    continue
  }
  const report = JSON.parse(readFileSync(reportOf(dir), "utf8"))
  passed += report.numPassedTests
  failed += report.numFailedTests
  skipped += report.numPendingTests + report.numTodoTests
  // A file that fails to load has no test results of its own; count it so it cannot pass silently.
  const brokenFiles = report.testResults.filter(
    (file) => file.status === "failed" && file.assertionResults.length === 0
  ).length
  failed += brokenFiles
  // A run that failed with no failing test (no test files, a crash) still counts as one failure.
  if (!report.success && report.numFailedTests === 0 && brokenFiles === 0) failed += 1
}
const filtered = process.argv.slice(2).some((arg) => arg.startsWith("--projects") || arg.startsWith("-p"))
if (missing.length > 0 && !filtered) {
  console.error(`no test report from: ${missing.join(", ")}`)
  failed += missing.length
}
const ok = nx.status === 0 && failed === 0 && (filtered || missing.length === 0)
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`)
process.exit(ok ? 0 : 1)
