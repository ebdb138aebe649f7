/**
 * Simulator configuration: read from `SIM_*` environment variables (`SimulatorConfig.fromEnv`) or built from plain
 * values in tests (`SimulatorConfig.layer({...})`). Both paths share the schemas and defaults below.
 */
import { describeParseError } from "@its/auth"
import { Config, ConfigError, Context, Either, Layer, type ParseResult, Redacted, Schema } from "effect"
import { DataPlaneFaultPlan, emptyDataPlaneFaultPlan } from "./DataPlaneFaultPlan.ts"
import { emptyFaultPlan, FaultPlan, RestFaultPlans } from "./FaultPlan.ts"
import { type RateLimits, RateLimitsSetting } from "./RateLimits.ts"

/** The four audiences of ITS (its-api.md §0): REST + Bettor Sense, and the Transaction 3.0 data plane. */
export const ItsAudiences = [
  "mts-insight-tech-non-prod",
  "mts-insight-tech",
  "mbs-dp-non-prod-wss",
  "mbs-dp-production-wss"
] as const

/** Audiences the simulated REST APIs accept (its-api.md §0). */
export const RestAudiences = ["mts-insight-tech-non-prod", "mts-insight-tech"] as const

/** Audiences the data plane accepts on the WebSocket upgrade (transaction-3.0.md §1). */
export const DataPlaneAudiences = ["mbs-dp-non-prod-wss", "mbs-dp-production-wss"] as const

export const ClientSpec = Schema.Struct({
  clientId: Schema.NonEmptyString,
  // The message never echoes the value: config errors must not print secrets.
  clientSecret: Schema.Redacted(Schema.NonEmptyString.annotations({ message: () => "expected a non-empty string" })),
  audiences: Schema.Array(Schema.NonEmptyString)
}).annotations({ identifier: "ClientSpec" })
export type ClientSpec = typeof ClientSpec.Type

export const Clients = Schema.Array(ClientSpec)

/** Token lifetime in seconds per audience, overriding `tokenTtl`. */
export const TokenTtlByAudience = Schema.Record({ key: Schema.String, value: Schema.Int.pipe(Schema.positive()) })

export const defaults = {
  host: "127.0.0.1",
  port: 4010,
  tokenTtl: 600,
  // The data-plane docs show `expires_in: 300` (its-api.md §1.8).
  tokenTtlByAudience: { "mbs-dp-non-prod-wss": 300, "mbs-dp-production-wss": 300 } as Record<string, number>,
  clients: [
    { clientId: "its-sim-client", clientSecret: Redacted.make("its-sim-secret"), audiences: [...ItsAudiences] }
  ] as ReadonlyArray<ClientSpec>,
  restAudiences: [...RestAudiences] as ReadonlyArray<string>,
  dataPlaneAudiences: [...DataPlaneAudiences] as ReadonlyArray<string>,
  // Off: the demo and tests are never throttled unless they ask for it ("documented" or explicit rules).
  rateLimits: {} as RateLimits
}

const Port = Schema.Int.pipe(Schema.between(0, 65535))

const Audiences = Schema.Array(Schema.NonEmptyString)

/** All settings; every field is optional in the encoded (input) form and falls back to `defaults`. */
export const SimulatorSettings = Schema.Struct({
  host: Schema.optionalWith(Schema.String, { default: () => defaults.host }),
  /** 0 picks a free port. */
  port: Schema.optionalWith(Port, { default: () => defaults.port }),
  /** `iss` of issued tokens; defaults to the server's base URL with a trailing slash (like Auth0). */
  issuer: Schema.optionalWith(Schema.String, { as: "Option" }),
  /** Seconds. */
  tokenTtl: Schema.optionalWith(Schema.Int.pipe(Schema.positive()), { default: () => defaults.tokenTtl }),
  tokenTtlByAudience: Schema.optionalWith(TokenTtlByAudience, { default: () => defaults.tokenTtlByAudience }),
  clients: Schema.optionalWith(Clients, { default: () => defaults.clients }),
  faults: Schema.optionalWith(FaultPlan, { default: () => emptyFaultPlan }),
  /** Audiences a REST bearer token may carry (any of them). */
  restAudiences: Schema.optionalWith(Audiences, { default: () => defaults.restAudiences }),
  /** Audiences a data-plane upgrade token may carry (any of them). */
  dataPlaneAudiences: Schema.optionalWith(Audiences, { default: () => defaults.dataPlaneAudiences }),
  /** Initial data-plane fault plan. */
  dataPlaneFaults: Schema.optionalWith(DataPlaneFaultPlan, { default: () => emptyDataPlaneFaultPlan }),
  /** Initial fault plan per REST API id. */
  restFaults: Schema.optionalWith(RestFaultPlans, { default: () => ({}) }),
  /** `"off"` (default), `"documented"` or rules per API id. */
  rateLimits: Schema.optionalWith(RateLimitsSetting, { default: () => defaults.rateLimits }),
  /** Echo the request's `operatorId` in reply envelopes (not an SDK field: the official SDKs reject such replies). */
  echoOperatorId: Schema.optionalWith(Schema.Boolean, { default: () => false })
})
export type SimulatorSettings = typeof SimulatorSettings.Type
/** Plain JSON-like input (client secrets as strings, fault shorthands allowed). */
export type SimulatorSettingsInput = typeof SimulatorSettings.Encoded

/** Parses `text` as JSON and decodes it with `schema`; with `secret` error messages name paths only, never values. */
const decodeJson = <A, I>(key: string, schema: Schema.Schema<A, I>, text: string, secret: boolean) => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    const detail = secret ? "" : `: ${(error as Error).message}`
    return Either.left(ConfigError.InvalidData([key], `not valid JSON${detail}`))
  }
  return Schema.decodeUnknownEither(schema)(json).pipe(
    Either.mapLeft((error) => {
      const issues = describeParseError(error, { redactValues: secret })
      return ConfigError.InvalidData([key], `does not match the expected shape (${issues.join("; ")})`)
    })
  )
}

/**
 * Reads a JSON-valued variable and decodes it with `schema`; errors name the key. The raw value is read as
 * `Redacted`, and with `secret` error messages name paths only, never values.
 */
const jsonConfig = <A, I>(key: string, schema: Schema.Schema<A, I>, options?: { readonly secret?: boolean }) =>
  Config.redacted(key).pipe(
    Config.mapOrFail((value) => decodeJson(key, schema, Redacted.value(value), options?.secret === true))
  )

/** A comma-separated list of audiences. */
const audiencesConfig = (key: string, fallback: ReadonlyArray<string>) =>
  Config.array(Config.nonEmptyString(), key).pipe(Config.withDefault(fallback))

/** `off`, `documented` or a JSON object of rules per API id. */
const rateLimitsConfig = Config.string("SIM_RATE_LIMITS").pipe(
  Config.mapOrFail((text) => {
    const trimmed = text.trim()
    const json = trimmed === "off" || trimmed === "documented" ? JSON.stringify(trimmed) : trimmed
    return decodeJson("SIM_RATE_LIMITS", RateLimitsSetting, json, false)
  }),
  Config.withDefault(defaults.rateLimits)
)

const envConfig: Config.Config<SimulatorSettings> = Config.all({
  host: Config.string("SIM_HOST").pipe(Config.withDefault(defaults.host)),
  port: Config.integer("SIM_PORT").pipe(
    Config.validate({ message: "expected a port between 0 and 65535", validation: Schema.is(Port) }),
    Config.withDefault(defaults.port)
  ),
  issuer: Config.option(Config.string("SIM_ISSUER")),
  tokenTtl: Config.integer("SIM_TOKEN_TTL").pipe(
    Config.validate({ message: "expected a positive number of seconds", validation: (n) => n > 0 }),
    Config.withDefault(defaults.tokenTtl)
  ),
  tokenTtlByAudience: jsonConfig("SIM_TOKEN_TTL_BY_AUDIENCE", TokenTtlByAudience).pipe(
    Config.withDefault(defaults.tokenTtlByAudience)
  ),
  clients: jsonConfig("SIM_CLIENTS", Clients, { secret: true }).pipe(Config.withDefault(defaults.clients)),
  faults: jsonConfig("SIM_FAULTS", FaultPlan).pipe(Config.withDefault(emptyFaultPlan)),
  restAudiences: audiencesConfig("SIM_REST_AUDIENCES", defaults.restAudiences),
  dataPlaneAudiences: audiencesConfig("SIM_DP_AUDIENCES", defaults.dataPlaneAudiences),
  dataPlaneFaults: jsonConfig("SIM_DP_FAULTS", DataPlaneFaultPlan).pipe(Config.withDefault(emptyDataPlaneFaultPlan)),
  restFaults: jsonConfig("SIM_REST_FAULTS", RestFaultPlans).pipe(Config.withDefault({})),
  rateLimits: rateLimitsConfig,
  echoOperatorId: Config.boolean("SIM_ECHO_OPERATOR_ID").pipe(Config.withDefault(false))
})

export class SimulatorConfig extends Context.Tag("@its/simulator/SimulatorConfig")<
  SimulatorConfig,
  SimulatorSettings
>() {
  /** From `SIM_*` variables of the current `ConfigProvider` (the environment by default). */
  static readonly layer: Layer.Layer<SimulatorConfig, ConfigError.ConfigError> = Layer.effect(
    SimulatorConfig,
    envConfig
  )

  /** Decodes plain values, filling in defaults. */
  static readonly make = (input: SimulatorSettingsInput = {}) => Schema.decodeUnknown(SimulatorSettings)(input)

  static readonly layerWith = (
    input: SimulatorSettingsInput = {}
  ): Layer.Layer<SimulatorConfig, ParseResult.ParseError> => Layer.effect(SimulatorConfig, SimulatorConfig.make(input))
}
