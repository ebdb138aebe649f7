/**
 * `@its/gateway/api`: the gateway's HTTP contract only — the `GatewayApi` HttpApi definition and its problem+json
 * schemas — for clients (`HttpApiClient.make(GatewayApi, { baseUrl })`, the CLI's `--via-gateway`). Loading it loads
 * no SQL driver, no server and no OpenTelemetry (checked by `test/api/ApiExport.test.ts`).
 */
export { GatewayApi } from "./Api.ts"
export * from "./problems/Problem.ts"
