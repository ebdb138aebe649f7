/**
 * Prints the gateway's OpenAPI document (`OpenApi.fromApi(GatewayApi)`, what `/openapi.json` serves) on stdout, for
 * `tools/scripts/openapi-lint.sh`: `node --conditions=@its/source --import tsx apps/gateway/src/openapi.ts`.
 */
import { OpenApi } from "@effect/platform"
import { GatewayApi } from "./Api.ts"

process.stdout.write(`${JSON.stringify(OpenApi.fromApi(GatewayApi), null, 2)}\n`)
