/**
 * ITS simulator: an Auth0-style token endpoint with JWKS, the Transaction 3.0 data-plane WebSocket, the reusable
 * guard (auth, rate limits, faults) for the simulated ITS REST APIs, fault injection and counters.
 */
export {
  AdminApi,
  CountersView,
  DataPlaneAdminApi,
  RestAdminApi,
  RestCountersView,
  SimulatorApi,
  WellKnownApi
} from "./Api.ts"
export { type BearerRefusal, bearerFromRequest, verifyBearer } from "./BearerAuth.ts"
export {
  ClientSpec,
  Clients,
  DataPlaneAudiences,
  defaults,
  ItsAudiences,
  RestAudiences,
  SimulatorConfig,
  SimulatorSettings,
  type SimulatorSettingsInput,
  TokenTtlByAudience
} from "./Config.ts"
export { CounterEntry, type CounterFilter, CounterKey, CounterOutcome, Counters } from "./Counters.ts"
export { DataPlaneCounters, DataPlaneCounts } from "./DataPlaneCounters.ts"
export {
  CloseCode,
  CloseStep,
  DataPlaneFaultPlan,
  DataPlaneLatency,
  DropConnectionStep,
  ErrorReplyStep,
  emptyDataPlaneFaultPlan,
  GarbageStep,
  LatencyRange,
  MessageFaultStep,
  NoReplyStep,
  OkMessageStep,
  UnknownCorrelationStep
} from "./DataPlaneFaultPlan.ts"
export { DataPlaneFaults, type NextMessageFault } from "./DataPlaneFaults.ts"
export { DataPlaneHandler, ErrorReply, replyTypeOf } from "./DataPlaneHandler.ts"
export { InternalErrorCode } from "./DataPlaneHttp.ts"
export {
  type EnvelopeEcho,
  ErrorReplyContent,
  envelopeProblems,
  ProtocolVersion,
  parseRequest,
  ReplyContent,
  ReplyEnvelope,
  RequestContent,
  RequestEnvelope,
  SchemaValidationCode,
  schemaValidationMessage
} from "./Envelope.ts"
export {
  DropStep,
  ErrorStep,
  emptyFaultPlan,
  FaultPlan,
  FaultStatus,
  FaultStep,
  MalformedJsonStep,
  MalformedStep,
  OkStep,
  RestFaultPlans
} from "./FaultPlan.ts"
export { Faults, type NextFault } from "./Faults.ts"
export { SimulatedModelsApi } from "./models/Api.ts"
export {
  accountAt,
  accountIdOf,
  defaultModelsDataSettings,
  findAccount,
  ModelsData,
  type ModelsDataSettings,
  modelsDataConfig,
  type SimAccount
} from "./models/Data.ts"
export { accountItemOf } from "./models/AccountHandlers.ts"
export { ModelsHttpLive, ModelsRoutesLive } from "./models/Http.ts"
export { AdminPrefix, DataPlanePath, JwksPath, OpenApiPath, TokenPath } from "./Paths.ts"
export { DocumentedRateLimitRules, RateLimitRule, RateLimits, RateLimitsSetting } from "./RateLimits.ts"
export {
  RestCounterEntry,
  type RestCounterFilter,
  RestCounterKey,
  RestCounters,
  RestOutcome
} from "./RestCounters.ts"
export { RestFaults } from "./RestFaults.ts"
export { RestRateLimiter } from "./RestRateLimiter.ts"
export * as SimulatedApi from "./SimulatedApi.ts"
export { Forbidden, RestCaller, RestGuard, TooManyRequests, Unauthorized } from "./SimulatedApi.ts"
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
export * as TicketHandler from "./TicketHandler.ts"
export {
  defaultTicketRules,
  LiabilityLimitCode,
  MarketNotFoundCode,
  type ReceivedRequest,
  TicketLedger,
  type TicketLedgerShape,
  type TicketRecord,
  type TicketRules
} from "./TicketHandler.ts"
