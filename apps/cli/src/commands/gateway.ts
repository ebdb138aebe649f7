/**
 * `its gateway`: start the gateway's development composition (`apps/gateway/src/dev.ts`, what `pnpm start` runs) in
 * the foreground, as a child process (`handlers/gateway.ts`).
 */
import { lazy, leaf } from "../Leaf.ts"

export const gatewayCommand = leaf(
  "gateway",
  {},
  "Start the ITS gateway's development composition in the foreground, as `pnpm start` does (ITS_* and GATEWAY_* variables; with ITS_ENV unset or local and no ITS_API_URL: the bundled simulator and a demo API key; otherwise the production start-up checks apply); Ctrl-C stops it. The production gateway is `node apps/gateway/dist/main.js` (see the gateway README).\n\nExample: its gateway",
  lazy(
    () => import("../handlers/gateway.ts"),
    (m) => m.runGateway
  )
)
