#!/usr/bin/env node
// Development launcher of the `its` command (the e2e tests spawn it; `pnpm its` is the same through tsx's CLI): runs
// the TypeScript sources as they are, with tsx's loader. Start it with `node --conditions=@its/source` so the
// workspace libraries resolve to their sources. The installed command is the bundle, `dist/its.mjs` (`nx build`).
import { register } from "tsx/esm/api"

register()
await import("../src/bin.ts")
