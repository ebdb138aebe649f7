#!/usr/bin/env node
// Installed entry point of the `its` command: registers tsx's loader so the TypeScript sources run as they are.
import { register } from "tsx/esm/api"

register()
await import("../src/bin.ts")
