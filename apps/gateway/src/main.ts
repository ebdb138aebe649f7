/**
 * The production entry (`node dist/main.js` after `nx build @its/gateway`; from sources
 * `node --conditions=@its/source --import tsx apps/gateway/src/main.ts`). It runs the start-up checks
 * (`StartupChecks.ts`: explicit `ITS_ENV`, credentials, API keys, TLS off loopback, no plain ITS URLs outside
 * `local`), then serves the gateway. No simulator and no demo key: those live in the development composition
 * (`dev.ts`, behind `pnpm start`). SIGTERM/SIGINT shut it down gracefully (see `Http.ts` and the outbox worker).
 */
import { Effect } from "effect"
import { runGateway } from "./Gateway.ts"
import { runMain } from "./RunMain.ts"
import { startupChecks } from "./StartupChecks.ts"

runMain(Effect.zipRight(startupChecks, runGateway()))
