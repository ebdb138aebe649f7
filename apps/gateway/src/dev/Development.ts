/**
 * The development composition behind `pnpm start` and `its gateway`: with `ITS_ENV` unset or `local` and no
 * `ITS_API_URL`, it starts the bundled ITS simulator in this process, points the gateway at it and (with no API keys
 * configured, on a loopback bind only) creates a demo key with every scope, printing it with a `curl` that works.
 * Any other configuration is not a development one: it goes through the production checks and entry unchanged, so
 * `ITS_API_URL` pointing elsewhere never meets a demo key. Nothing here is reachable from `main.ts`.
 */
import { randomBytes } from "node:crypto"
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Simulator, SimulatorInfo } from "@its/simulator"
import { Config, ConfigProvider, Context, Effect, Layer, Option, Redacted } from "effect"
import { allScopes } from "../keys/Security.ts"
import { type Listening, runGateway } from "../Gateway.ts"
import { isLoopback, StartupRefused, startupChecks } from "../StartupChecks.ts"

/** What `pnpm start` runs for the current configuration. */
export type DevelopmentPlan =
  /** The embedded simulator; `demoKey` when no API keys are configured (loopback bind only). */
  | { readonly _tag: "Embedded"; readonly demoKey: boolean }
  /** Not a development configuration: the production entry, checks included. */
  | { readonly _tag: "Production" }

const setting = (name: string) =>
  Config.option(Config.string(name)).pipe(
    Effect.map(Option.filter((value) => value.trim() !== "")),
    Effect.orElseSucceed(() => Option.none<string>())
  )

/** Decides from configuration alone; refuses a demo key on a non-loopback bind. */
export const developmentPlan: Effect.Effect<DevelopmentPlan, StartupRefused> = Effect.gen(function* () {
  const env = yield* setting("ITS_ENV")
  const apiUrl = yield* setting("ITS_API_URL")
  if ((Option.isSome(env) && env.value !== "local") || Option.isSome(apiUrl)) return { _tag: "Production" } as const
  const keys =
    Option.isSome(yield* setting("GATEWAY_API_KEYS_FILE")) || Option.isSome(yield* setting("GATEWAY_API_KEYS"))
  if (keys) return { _tag: "Embedded", demoKey: false } as const
  const host = Option.getOrElse(yield* setting("HOST"), () => "127.0.0.1")
  if (!isLoopback(host))
    return yield* new StartupRefused({
      setting: "HOST",
      message: `${host} is not a loopback address: the demo API key is created only on a loopback bind; set GATEWAY_API_KEYS_FILE (or GATEWAY_API_KEYS) to serve other hosts`
    })
  return { _tag: "Embedded", demoKey: true } as const
})

/** The demo key of a data folder: created once (0600), reused by restarts so the printed `curl` keeps working. */
export const demoKeyIn = (dataDir: string): Redacted.Redacted<string> => {
  const file = join(dataDir, "demo-api-key")
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(file, `its_demo_${randomBytes(24).toString("base64url")}\n`, { mode: 0o600 })
    chmodSync(file, 0o600)
  }
  return Redacted.make(readFileSync(file, "utf8").trim())
}

/** `GATEWAY_API_KEYS` (inline JSON) holding the demo key with every scope. */
const demoKeysJson = (key: Redacted.Redacted<string>) =>
  JSON.stringify({ keys: [{ consumer: "demo", key: Redacted.value(key), scopes: allScopes }] })

/** Starts the simulator (port `SIM_PORT`, default free) and returns the configuration that points at it. */
const embeddedSimulator = (demoKey: Option.Option<Redacted.Redacted<string>>) =>
  Effect.gen(function* () {
    const simPort = yield* setting("SIM_PORT")
    const simulator = yield* Layer.build(
      Simulator.layer.pipe(
        Layer.provide(
          Layer.setConfigProvider(
            ConfigProvider.orElse(
              ConfigProvider.fromMap(new Map([["SIM_PORT", Option.getOrElse(simPort, () => "0")]])),
              () => ConfigProvider.fromEnv()
            )
          )
        )
      )
    )
    const info = Context.get(simulator, SimulatorInfo)
    const operatorId = yield* setting("ITS_OPERATOR_ID")
    // For `local`, ITS_API_URL moves the token and data-plane URLs with it; the simulator takes any operator id.
    const overlay = new Map([
      ["ITS_ENV", "local"],
      ["ITS_API_URL", info.baseUrl],
      ["ITS_OPERATOR_ID", Option.getOrElse(operatorId, () => "9999")],
      ["ITS_BOOKMAKER_ID", "9999"]
    ])
    Option.map(demoKey, (key) => overlay.set("GATEWAY_API_KEYS", demoKeysJson(key)))
    return overlay
  })

const developmentBanner =
  (demoKey: Option.Option<Redacted.Redacted<string>>) =>
  (listening: Listening): ReadonlyArray<string> => {
    const { url, env, keys, settings } = listening
    const lines = [`ITS_ENV=local: talking to the bundled ITS SIMULATOR at ${env.apiUrl}, not to Sportradar.`]
    Option.match(demoKey, {
      onNone: () => lines.push(`API keys: ${keys.consumers.join(", ")}`),
      onSome: (key) => {
        lines.push(`demo API key (all scopes; stored in ${settings.dataDir}/demo-api-key): ${Redacted.value(key)}`)
        lines.push(
          `try: curl -s -H 'Authorization: Bearer ${Redacted.value(key)}' '${url}/v1/scores/lbs?bookmaker=9999&customer=cust-000001,cust-000002'`
        )
      }
    })
    return lines
  }

/** The development composition: embedded simulator + demo key, or the production path for anything else. */
export const runDevelopment = Effect.gen(function* () {
  const plan = yield* developmentPlan
  if (plan._tag === "Production") {
    yield* startupChecks
    return yield* runGateway()
  }
  const dataDir = yield* Config.string("ITS_DATA_DIR").pipe(Config.withDefault(".its-data"), Effect.orDie)
  const demoKey = plan.demoKey ? Option.some(demoKeyIn(dataDir)) : Option.none()
  const overlay = yield* embeddedSimulator(demoKey)
  const current = yield* Effect.configProviderWith(Effect.succeed)
  return yield* runGateway(developmentBanner(demoKey)).pipe(
    Effect.withConfigProvider(ConfigProvider.orElse(ConfigProvider.fromMap(overlay), () => current))
  )
})
