/**
 * `/docs/problems` and `/docs/problems/{type}` (and an empty `/favicon.ico` for the docs' browsers): one HTML page per problem type of `ProblemTypes.ts` (cause, what to
 * do, an example body), so the `type` URI of every problem+json answer resolves. Plain HTML, no script, no external
 * resource: works offline like `/docs`.
 */
import { HttpApiBuilder, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Effect } from "effect"
import { escapeHtml } from "../docs/Html.ts"
import { problem, problemBody } from "./Problem.ts"
import { type ProblemType, problemTypeOf, problemTypes, problemTypeUri } from "./ProblemTypes.ts"

/** `code` spans for backquoted text (the catalogue's texts are plain with backquotes). */
const prose = (text: string): string => escapeHtml(text).replaceAll(/`([^`]+)`/g, "<code>$1</code>")

/** An example problem+json body of a type, as the gateway writes it. */
export const exampleBody = (type: ProblemType): Record<string, unknown> =>
  problemBody(problem(type.status, type.title, type.example), "8c3f4b6e-2a1d-4f0e-9b7a-5d6c1e2f3a4b")

const style = `body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1f}
code,pre{font-family:ui-monospace,monospace;background:#f3f3f6;border-radius:4px}code{padding:0 .2rem}pre{padding:1rem;overflow:auto}
a{color:#0b57d0}.status{color:#555}li{margin:.2rem 0}`

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ITS gateway</title><link rel="icon" href="data:,"><style>${style}</style></head>
<body>${body}</body></html>`

export const problemPage = (type: ProblemType): string =>
  page(
    type.title,
    `<p><a href="/docs/problems">All problem types</a> · <a href="/docs">API reference</a></p>
<h1>${escapeHtml(type.title)}</h1>
<p class="status">HTTP ${type.status} · <code>type: ${escapeHtml(problemTypeUri(type.title))}</code></p>
<h2>Cause</h2><p>${prose(type.cause)}</p>
<h2>What to do</h2><p>${prose(type.action)}</p>
<h2>Example</h2>
<pre><code>HTTP/1.1 ${type.status}
Content-Type: application/problem+json

${escapeHtml(JSON.stringify(exampleBody(type), null, 2))}</code></pre>`
  )

export const problemIndexPage = (): string =>
  page(
    "Problem types",
    `<p><a href="/docs">API reference</a></p>
<h1>Problem types</h1>
<p>Every error of the gateway is <code>application/problem+json</code> (RFC 9457); its <code>type</code> links here.</p>
<ul>${problemTypes
      .map(
        (t) =>
          `<li><a href="${escapeHtml(problemTypeUri(t.title))}">${escapeHtml(t.title)}</a> <span class="status">(${t.status})</span></li>`
      )
      .join("\n")}</ul>`
  )

const html = (text: string, status = 200) =>
  HttpServerResponse.text(text, { status, contentType: "text/html; charset=utf-8" })

/** The routes, added to the API's router beside `/docs`. */
export const ProblemPagesLive = HttpApiBuilder.Router.use((router) =>
  Effect.gen(function* () {
    yield* router.get("/docs/problems", Effect.succeed(html(problemIndexPage())))
    // Browsers ask for it on every page of the docs; an empty answer instead of a 404 problem.
    yield* router.get("/favicon.ico", Effect.succeed(HttpServerResponse.empty({ status: 204 })))
    yield* router.get(
      "/docs/problems/:type",
      Effect.map(HttpServerRequest.HttpServerRequest, (request) => {
        const slug = request.url.split("?", 1)[0]?.split("/").pop() ?? ""
        const type = problemTypeOf(slug)
        return type === undefined
          ? html(
              page(
                "Unknown problem type",
                `<h1>Unknown problem type</h1><p><a href="/docs/problems">All problem types</a></p>`
              ),
              404
            )
          : html(problemPage(type))
      })
    )
  })
)
