/**
 * The plain alternatives the gateway is measured against, each run as its own process (`gateway-bench.ts
 * --role=…`): a bare `node:http` server answering one pre-serialised body (the ceiling of Node's HTTP stack on this
 * machine), a bare `node:http` pass-through proxy, and fastify + `@fastify/http-proxy`.
 */
import { readFileSync } from "node:fs"
import http from "node:http"

const announce = (server: http.Server) => {
  const address = server.address()
  console.log(`listening ${typeof address === "object" && address !== null ? address.port : 0}`)
}

/** Answers every request with the body in `bodyFile` as `application/json` (what the gateway's cache hit sends). */
export const runStaticServer = (bodyFile: string) => {
  const body = readFileSync(bodyFile)
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": body.length })
    res.end(body)
  })
  server.listen(0, "127.0.0.1", () => announce(server))
}

/** Bare `node:http`: keep-alive agent upstream, headers copied minus the hop-by-hop ones, bodies piped. */
export const runNodeProxy = (upstream: URL) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 })
  const hopByHop = new Set(["connection", "keep-alive", "proxy-connection", "upgrade", "te", "trailer"])
  const strip = (headers: http.IncomingHttpHeaders) =>
    Object.fromEntries(Object.entries(headers).filter(([name]) => !hopByHop.has(name)))
  const server = http.createServer((req, res) => {
    const upstreamRequest = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: strip(req.headers),
        agent
      },
      (upstreamResponse) => {
        res.writeHead(upstreamResponse.statusCode ?? 502, strip(upstreamResponse.headers))
        upstreamResponse.pipe(res)
      }
    )
    upstreamRequest.on("error", () => {
      if (!res.headersSent) res.writeHead(502)
      res.end()
    })
    req.pipe(upstreamRequest)
  })
  server.listen(0, "127.0.0.1", () => announce(server))
}

/** fastify 5 + `@fastify/http-proxy` 11 with its defaults (undici pool upstream), logger off. */
export const runFastifyProxy = async (upstream: URL) => {
  const { default: Fastify } = await import("fastify")
  const { default: proxy } = await import("@fastify/http-proxy")
  const app = Fastify({ logger: false })
  await app.register(proxy, { upstream: upstream.origin })
  await app.listen({ port: 0, host: "127.0.0.1" })
  const address = app.server.address()
  console.log(`listening ${typeof address === "object" && address !== null ? address.port : 0}`)
}
