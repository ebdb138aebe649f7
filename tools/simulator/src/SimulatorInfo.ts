/**
 * Where a running simulator can be reached. Known only once the server listens (port 0 picks a free port).
 */
import { HttpServer } from "@effect/platform"
import { Context, Effect, Layer } from "effect"
import { DataPlanePath, JwksPath, TokenPath } from "./Paths.ts"

export class SimulatorInfo extends Context.Tag("@its/simulator/SimulatorInfo")<
  SimulatorInfo,
  {
    /** e.g. `http://127.0.0.1:4010`, no trailing slash. */
    readonly baseUrl: string
    readonly tokenUrl: string
    readonly jwksUrl: string
    /** The Transaction 3.0 data plane, e.g. `ws://127.0.0.1:4010/dataplane`. */
    readonly dataPlaneUrl: string
  }
>() {
  static readonly fromBaseUrl = (baseUrl: string) =>
    SimulatorInfo.of({
      baseUrl,
      tokenUrl: `${baseUrl}${TokenPath}`,
      jwksUrl: `${baseUrl}${JwksPath}`,
      dataPlaneUrl: `${baseUrl.replace(/^http/, "ws")}${DataPlanePath}`
    })

  /** Reads the bound address of the `HttpServer`. */
  static readonly layer: Layer.Layer<SimulatorInfo, never, HttpServer.HttpServer> = Layer.effect(
    SimulatorInfo,
    HttpServer.addressWith((address) => {
      if (address._tag === "UnixAddress") return Effect.dieMessage("the simulator needs a TCP address")
      // A wildcard bind is reachable on loopback; IPv6 literals need brackets in URLs.
      const host = address.hostname === "0.0.0.0" ? "127.0.0.1" : address.hostname
      const authority = host.includes(":") ? `[${host}]:${address.port}` : `${host}:${address.port}`
      return Effect.succeed(SimulatorInfo.fromBaseUrl(`http://${authority}`))
    })
  )
}
