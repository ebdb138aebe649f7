/**
 * The development entry behind `pnpm start` and `its gateway`: with `ITS_ENV` unset or `local` and no `ITS_API_URL`
 * it embeds the bundled ITS simulator and prints a demo API key with a `curl` that works; any other configuration
 * runs exactly as the production entry (`main.ts`, start-up checks included). See `dev/Development.ts`.
 */
import { runDevelopment } from "./dev/Development.ts"
import { runMain } from "./RunMain.ts"

runMain(runDevelopment)
