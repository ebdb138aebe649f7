/**
 * Start-up of the built `its` command: `its --help` and `its env` on the bundle (`apps/cli/dist/its.mjs`, built
 * first when missing), each run `BENCH_RUNS` (default 10) times with plain `node`; prints the median, min and max
 * wall time per command (target: median below 0.5 s) and, for comparison, one run of the development launcher
 * (tsx on the sources). A script, not a test: wall time depends on the machine.
 *
 *   pnpm bench:cli
 */
import { execFileSync, spawnSync } from "node:child_process"
import { existsSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url))
const bundle = join(repoRoot, "apps/cli/dist/its.mjs")
const runs = Number(process.env.BENCH_RUNS ?? 10)

if (!existsSync(bundle)) {
  console.log("apps/cli/dist/its.mjs is missing: building it (node tools/scripts/bundle.mjs cli)")
  execFileSync(process.execPath, [join(repoRoot, "tools/scripts/bundle.mjs"), "cli"], { stdio: "inherit" })
}

/** A clean environment: no ITS_* of the caller (`its env` then resolves the `local` defaults). */
const env: Record<string, string> = {}
for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("ITS_")) env[k] = v

const wallMs = (args: ReadonlyArray<string>): number => {
  const started = process.hrtime.bigint()
  const result = spawnSync(process.execPath, args, { env, cwd: repoRoot, stdio: ["ignore", "ignore", "pipe"] })
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} exited ${result.status}: ${result.stderr}`)
  return elapsed
}

const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const baseline = Array.from({ length: runs }, () => wallMs(["-e", "0"]))
console.log(`node -e 0 (this machine's floor): median ${median(baseline).toFixed(0)} ms`)
for (const command of [["--help"], ["env"]]) {
  wallMs([bundle, ...command]) // warm the file cache
  const times = Array.from({ length: runs }, () => wallMs([bundle, ...command]))
  console.log(
    `its ${command.join(" ")} (bundle, ${runs} runs): median ${median(times).toFixed(0)} ms, ` +
      `min ${Math.min(...times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms` +
      (median(times) < 500 ? "" : "  (above the 0.5 s target)")
  )
}
const dev = wallMs(["--conditions=@its/source", join(repoRoot, "apps/cli/bin/its.mjs"), "--help"])
console.log(`its --help (development launcher, tsx on sources, 1 run): ${dev.toFixed(0)} ms`)
