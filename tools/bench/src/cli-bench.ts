/**
 * Start-up of the built `its` command: `its --help` and `its env` on the bundle (`apps/cli/dist/its.mjs`, built
 * first when missing), each run `BENCH_RUNS` (default 10) times with plain `node`; prints the median, min and max
 * wall time per command (target: median below 0.5 s) next to two floors measured in the same run:
 * - `node -e 0`: Node's own start-up on this machine;
 * - a trivial `@effect/cli` program bundled the same way, same esbuild options and plugins (`apps/cli/bench/floor.ts`,
 *   one subcommand, one option): what any `@effect/cli` command costs with this Effect and this bundling; `its` is
 *   printed as a ratio against it.
 * Then one run of the development launcher (tsx on the sources), for comparison. A script, not a test: wall time
 * depends on the machine (and on what else runs on it: compare the ratios, not the milliseconds).
 *
 *   pnpm bench:cli
 */
import { execFileSync, spawnSync } from "node:child_process"
import { existsSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url))
const bundle = join(repoRoot, "apps/cli/dist/its.mjs")
const floorBundle = join(repoRoot, "tools/bench/dist/cli-floor/floor.mjs")
const runs = Number(process.env.BENCH_RUNS ?? 10)
const compare = process.env.BENCH_CLI_COMPARE

const build = (target: string, output: string) => {
  if (existsSync(output)) return
  console.log(`${output.slice(repoRoot.length)} is missing: building it (node tools/scripts/bundle.mjs ${target})`)
  execFileSync(process.execPath, [join(repoRoot, "tools/scripts/bundle.mjs"), target], { stdio: "inherit" })
}
build("cli", bundle)
build("cli-floor", floorBundle)

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

interface Measured {
  readonly label: string
  readonly times: ReadonlyArray<number>
}

/**
 * Every series gets `runs` runs, interleaved (one run of each per round, after one round to warm the file cache), so
 * that a change of load on the machine affects all of them alike and the ratios stay meaningful.
 */
const measureInterleaved = (series: ReadonlyArray<{ label: string; args: ReadonlyArray<string> }>) => {
  for (const { args } of series) wallMs(args)
  const times = series.map(() => [] as Array<number>)
  for (let round = 0; round < runs; round++) for (const [i, { args }] of series.entries()) times[i]!.push(wallMs(args))
  return series.map(({ label }, i): Measured => ({ label, times: times[i]! }))
}

const [node, floorHelp, ...its] = measureInterleaved([
  { label: "node -e 0 (Node's floor)", args: ["-e", "0"] },
  { label: "floor --help (@effect/cli's floor)", args: [floorBundle, "--help"] },
  { label: "its --help", args: [bundle, "--help"] },
  { label: "its env", args: [bundle, "env"] },
  // BENCH_CLI_COMPARE=DIR/its.mjs: another build (e.g. of an older commit) measured in the same rounds.
  ...(compare === undefined
    ? []
    : [
        { label: "compared --help", args: [compare, "--help"] },
        { label: "compared env", args: [compare, "env"] }
      ])
]) as [Measured, Measured, ...Array<Measured>]

const line = ({ label, times }: Measured, extra = "") =>
  `${label.padEnd(34)} median ${median(times).toFixed(0).padStart(5)} ms  min ${Math.min(...times)
    .toFixed(0)
    .padStart(5)} ms  max ${Math.max(...times)
    .toFixed(0)
    .padStart(5)} ms${extra}`

const floor = median(floorHelp.times)
console.log(`${runs} runs each, interleaved (bundle: apps/cli/dist/its.mjs), wall time:`)
console.log(line(node))
console.log(line(floorHelp))
for (const m of its) {
  const ratio = median(m.times) / floor
  const above = median(m.times) - median(node.times)
  console.log(
    line(
      m,
      `  = ${ratio.toFixed(2)}× the @effect/cli floor, node + ${above.toFixed(0)} ms` +
        (median(m.times) < 500 ? "" : "  (above the 0.5 s target)")
    )
  )
}
const dev = wallMs(["--conditions=@its/source", join(repoRoot, "apps/cli/bin/its.mjs"), "--help"])
console.log(`its --help (development launcher, tsx on sources, 1 run): ${dev.toFixed(0)} ms`)
