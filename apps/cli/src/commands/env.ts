/** `its env`: the resolved ITS environment, secrets masked. */
import { lazy, leaf } from "../Leaf.ts"

export const envCommand = leaf(
  "env",
  {},
  "Print the resolved ITS environment (ITS_ENV and ITS_* overrides); secrets are masked. Always the direct configuration, also with --via-gateway.\n\nExample: its env --env integration --json",
  lazy(
    () => import("../handlers/env.ts"),
    (m) => m.printEnvironment
  )
)
