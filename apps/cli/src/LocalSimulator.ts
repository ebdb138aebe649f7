/**
 * `ITS_ENV=local` means "the simulator on this machine". When a command talks to ITS directly (no `--via-gateway`),
 * fails to reach it, and nothing accepts connections at the simulator's address, the failure says so and names both
 * ways out, instead of only "token endpoint unavailable".
 */
import { connect } from "node:net"
import { ItsEnvironment } from "@its/transport"
import { Effect, Option } from "effect"
import type { Classified } from "./Failure.ts"
import type { GlobalValues } from "./Globals.ts"

/** Failures that mean "could not reach ITS" (connection level), as classified by `Failure.ts`. */
const unreachable = new Set(["TokenEndpointUnavailable", "UpstreamUnavailable", "ChannelClosed"])

/** Whether a TCP connection to `url`'s host and port is refused (or fails) within `ms`. */
const nothingListening = (url: string, ms = 1000) =>
  Effect.async<boolean>((resume) => {
    const { hostname, port, protocol } = new URL(url)
    const socket = connect({
      host: hostname.replace(/^\[|\]$/g, ""),
      port: Number(port || (protocol === "https:" ? 443 : 80))
    })
    const done = (refused: boolean) => {
      socket.destroy()
      resume(Effect.succeed(refused))
    }
    socket.setTimeout(ms, () => done(false))
    socket.once("connect", () => done(false))
    socket.once("error", () => done(true))
    return Effect.sync(() => socket.destroy())
  })

/** The classified failure, or for `local` with no simulator listening, one that says so (same exit code). */
export const explainLocal = (globals: GlobalValues, classified: Classified): Effect.Effect<Classified> =>
  Effect.gen(function* () {
    if (Option.isSome(globals.viaGateway) || !unreachable.has(classified.type)) return classified
    const env = yield* Effect.option(ItsEnvironment.load)
    if (Option.isNone(env) || env.value.name !== "local") return classified
    if (!(yield* nothingListening(env.value.tokenUrl))) return classified
    return {
      ...classified,
      message: `no ITS simulator is running at ${new URL(env.value.tokenUrl).origin} (ITS_ENV=local talks to the simulator)`,
      hint: "start it with `pnpm sim` in another terminal (or `its sim`), or go through a gateway: --via-gateway URL --api-key KEY"
    }
  })
