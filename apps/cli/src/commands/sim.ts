/** `its sim`: the ITS simulator (token endpoint, every model API, the data plane with ticket semantics). */
import { Options } from "@effect/cli"
import { lazy, leaf } from "../Leaf.ts"

export const simCommand = leaf(
  "sim",
  {
    port: Options.integer("port").pipe(
      Options.withDescription("port (default SIM_PORT or 4010; 0 picks a free one)"),
      Options.optional
    ),
    host: Options.text("host").pipe(
      Options.withDescription("interface (default SIM_HOST or 127.0.0.1)"),
      Options.optional
    )
  },
  "Start the ITS simulator in the foreground (SIM_* variables configure it, see tools/simulator/README.md); Ctrl-C stops it.\n\nExample: its sim --port 4010",
  lazy(
    () => import("../handlers/sim.ts"),
    (m) => m.runSimulator
  )
)
