/**
 * ITS simulator: an Auth0-style token endpoint with JWKS, fault injection and counters (later: every ITS REST API
 * and the Transaction 3.0 data plane).
 */
export { AdminApi, CountersView, SimulatorApi, WellKnownApi } from "./Api.ts"
export {
  ClientSpec,
  Clients,
  defaults,
  ItsAudiences,
  SimulatorConfig,
  SimulatorSettings,
  type SimulatorSettingsInput,
  TokenTtlByAudience
} from "./Config.ts"
export { CounterEntry, type CounterFilter, CounterKey, CounterOutcome, Counters } from "./Counters.ts"
export {
  DropStep,
  ErrorStep,
  emptyFaultPlan,
  FaultPlan,
  FaultStatus,
  FaultStep,
  MalformedJsonStep,
  MalformedStep,
  OkStep
} from "./FaultPlan.ts"
export { Faults, type NextFault } from "./Faults.ts"
export { AdminPrefix, JwksPath, OpenApiPath, TokenPath } from "./Paths.ts"
export * as Simulator from "./Server.ts"
export { SimulatorInfo } from "./SimulatorInfo.ts"
export {
  AccessTokenClaims,
  type IssuedToken,
  Jwk,
  Jwks,
  TokenAudienceMismatch,
  TokenExpired,
  TokenInvalid,
  TokenIssuer,
  type TokenIssuerOptions,
  TokenSignatureInvalid,
  type VerifyError
} from "./TokenIssuer.ts"
