/** Every path the simulator serves, in one place (the token path comes from the shared wire contract). */
export { TokenPath } from "@its/auth"

export const JwksPath = "/.well-known/jwks.json" as const
export const AdminPrefix = "/__admin" as const
export const OpenApiPath = "/openapi.json" as const
/** The Transaction 3.0 data-plane WebSocket (the real path is unknown, transaction-3.0.md §12 Q10). */
export const DataPlanePath = "/dataplane" as const
