/**
 * `@its/models`: the definitions (also importable alone as `@its/models/api`) and the model clients.
 */
export * from "./api.ts"
export * from "./clients/AccountClient.ts"
export * from "./clients/LtdClient.ts"
export * from "./clients/Models.ts"
export * from "./clients/ModelsConfig.ts"
export * from "./clients/ModelsErrors.ts"
export * from "./clients/ProfilingClient.ts"
export * from "./clients/RgClient.ts"
export * from "./clients/ScoreClient.ts"
export * from "./clients/TicketLtd.ts"
