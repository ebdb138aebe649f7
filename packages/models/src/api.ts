/**
 * `@its/models/api`: the transport-free definitions — Schemas, `HttpApiGroup`s, the `ItsModelsApi` and the documented
 * assumptions — without the clients. Servers (the simulator), documentation and anything that only needs the wire
 * contract import from here; the clients (`Models`, `ModelsConfig`, …) live in the main entry, `@its/models`.
 *
 * The ids, base paths and rate limits of the ITS APIs are owned by `@its/transport` (see `Assumptions.ts`): this entry
 * reads those tables from `@its/transport`'s main module and uses nothing else of it.
 */
export * from "./Account.ts"
export * from "./AccountQuery.ts"
export * from "./Apis.ts"
export * from "./Assumptions.ts"
export * from "./BotScore.ts"
export * from "./Ccf.ts"
export * from "./Decimal.ts"
export * from "./Event.ts"
export * from "./Ids.ts"
export * from "./Lbs.ts"
export * from "./Ltd.ts"
export * from "./MarkerScore.ts"
export * from "./Profiling.ts"
export * from "./Rg.ts"
export * from "./Sccf.ts"
export * from "./ScoreApi.ts"
export * from "./Tournament.ts"
export * from "./WireErrors.ts"
