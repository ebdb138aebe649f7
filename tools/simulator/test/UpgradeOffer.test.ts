/**
 * Java's `java.net.http.HttpClient` offers `h2c` on every plain-http request (`Connection: Upgrade, HTTP2-Settings`,
 * `Upgrade: h2c`, `HTTP2-Settings`). The simulator ignores the offer and answers over HTTP/1.1, reading the body (the
 * official MTS Java SDK's token request); a genuine WebSocket upgrade to the data plane still works.
 */
import { Agent, request as httpRequest } from "node:http"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { SimulatorInfo } from "../src/index.ts"
import { connectWithToken, request } from "./dataPlaneClient.ts"
import { validForm, withSimulator } from "./helpers.ts"

const h2cOffer = {
  connection: "Upgrade, HTTP2-Settings",
  upgrade: "h2c",
  "http2-settings": "AAMAAABkAAQCAAAAAAIAAAAA"
}

interface Answer {
  readonly status: number
  readonly httpVersion: string
  readonly body: string
  /** The request went over a kept-alive connection of `agent`. */
  readonly reusedSocket: boolean
}

/** `node:http` with the h2c offer; a `101` would surface as an `upgrade` event and fail the request. */
const withOffer = (
  url: string,
  method: string,
  headers: Record<string, string> = {},
  body?: string,
  agent: Agent | undefined = undefined
) =>
  Effect.async<Answer, Error>((resume) => {
    const req = httpRequest(url, {
      method,
      ...(agent === undefined ? {} : { agent }),
      headers: {
        ...h2cOffer,
        ...headers,
        ...(body === undefined ? {} : { "content-length": String(Buffer.byteLength(body)) })
      }
    })
    req.on("response", (response) => {
      let text = ""
      response.setEncoding("utf8")
      response.on("data", (chunk: string) => {
        text += chunk
      })
      response.on("end", () =>
        resume(
          Effect.succeed({
            status: response.statusCode ?? 0,
            httpVersion: response.httpVersion,
            body: text,
            reusedSocket: req.reusedSocket
          })
        )
      )
    })
    req.on("upgrade", (response, socket) => {
      socket.destroy()
      resume(Effect.fail(new Error(`the server switched protocols: ${response.statusCode}`)))
    })
    req.on("error", (error) => resume(Effect.fail(error)))
    req.setTimeout(5_000, () => req.destroy(new Error("no answer within 5 s")))
    req.end(body)
  })

describe("the h2c upgrade offer", () => {
  it.scoped("POST /oauth/token with a form body issues a token", () =>
    Effect.gen(function* () {
      const { tokenUrl } = yield* SimulatorInfo
      const answer = yield* withOffer(
        tokenUrl,
        "POST",
        { "content-type": "application/x-www-form-urlencoded" },
        new URLSearchParams(validForm()).toString()
      )
      expect(answer.status, answer.body).toBe(200)
      expect(answer.httpVersion).toBe("1.1")
      const token = JSON.parse(answer.body)
      expect(token.token_type).toBe("Bearer")
      expect(token.access_token).toMatch(/^eyJ/)
    }).pipe(withSimulator())
  )

  it.scoped("GETs are answered and the connection is kept alive", () =>
    Effect.gen(function* () {
      const { jwksUrl } = yield* SimulatorInfo
      const agent = yield* Effect.acquireRelease(
        Effect.sync(() => new Agent({ keepAlive: true, maxSockets: 1 })),
        (agent) => Effect.sync(() => agent.destroy())
      )
      const first = yield* withOffer(jwksUrl, "GET", {}, undefined, agent)
      expect(first.status).toBe(200)
      expect(JSON.parse(first.body).keys).toHaveLength(1)
      // Unfixed, the upgrade path answered a GET too, but then closed the connection.
      const second = yield* withOffer(jwksUrl, "GET", {}, undefined, agent)
      expect(second).toMatchObject({ status: 200, reusedSocket: true })
    }).pipe(withSimulator())
  )

  it.scoped("a genuine WebSocket upgrade to the data plane still works", () =>
    Effect.gen(function* () {
      const client = yield* connectWithToken()
      yield* client.send(request("upgrade-check"))
      expect(yield* client.nextJson).toMatchObject({ correlationId: "upgrade-check" })
    }).pipe(withSimulator())
  )
})
