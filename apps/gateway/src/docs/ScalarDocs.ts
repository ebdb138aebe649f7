/**
 * `/docs`: the API reference (Scalar, as `@effect/platform`'s `HttpApiScalar` renders it) with its 3.4 MB script
 * served from `/docs/scalar.js` and read on first use, instead of inlined into the page and the process.
 * `HttpApiScalar.layer` embeds the script in the bundle and builds the page at start-up: ~10 MB of resident memory
 * (the script twice, as source and as a heap string) for a page few processes ever serve (see "Memory" in
 * `tools/bench/README.md`). Same page otherwise: the spec inline, Scalar's configuration, no request to another
 * origin (the docs work offline).
 *
 * Where the script comes from: the production bundle has it next to `main.js` (`scalar-ui.js`, written by
 * `tools/scripts/bundle.mjs`); from sources (`pnpm start`) it is read from `@effect/platform`'s own module.
 */
import { existsSync, readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { HttpApi, HttpApiBuilder, HttpServerResponse, OpenApi } from "@effect/platform"
import { Effect } from "effect"
import { escapeHtml } from "./Html.ts"

/** What `HttpApiScalar` passes to Scalar (with our two settings). */
const scalarConfiguration = { _integration: "html", withDefaultFonts: false, hideTestRequestButton: false }

/** `<` and the Unicode line terminators escaped, so JSON cannot end the `<script>` block it sits in. */
const scriptJson = (value: unknown): string =>
  JSON.stringify(value).replaceAll("<", "\\u003c").replaceAll("\u2028", "\\u2028").replaceAll("\u2029", "\\u2029")

/** The reference page for `spec` (the OpenAPI document), loading Scalar from `scriptPath`. */
export const docsPage = (spec: OpenApi.OpenAPISpec, scriptPath: string): string => {
  const description =
    spec.info.description === undefined || spec.info.description === ""
      ? ""
      : `<meta name="description" content="${escapeHtml(spec.info.description)}"/>`
  return `<!doctype html>
<html>
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(spec.info.title)}</title>
    ${description}
    <meta name="viewport" content="width=device-width, initial-scale=1" />
  </head>
  <body>
    <script id="api-reference" type="application/json">
      ${scriptJson(spec)}
    </script>
    <script>
      document.getElementById('api-reference').dataset.configuration = JSON.stringify(${scriptJson(scalarConfiguration)})
    </script>
    <script src="${escapeHtml(scriptPath)}"></script>
  </body>
</html>`
}

/** The Scalar script: shipped next to the bundle, else `@effect/platform`'s (the version `HttpApiScalar` uses). */
export const scalarScript = (): string => {
  const here = dirname(fileURLToPath(import.meta.url))
  const shipped = join(here, "scalar-ui.js")
  if (existsSync(shipped)) return readFileSync(shipped, "utf8")
  const require = createRequire(import.meta.url)
  const platform = dirname(require.resolve("@effect/platform/HttpApiScalar"))
  return (require(join(platform, "internal", "httpApiScalar.js")) as { readonly javascript: string }).javascript
}

/** `GET /docs` and `GET /docs/scalar.js`; both built on their first request, then kept. */
export const ScalarDocsLive = HttpApiBuilder.Router.use((router) =>
  Effect.gen(function* () {
    const { api } = yield* HttpApi.Api
    let page: string | undefined
    let script: string | undefined
    yield* router.get(
      "/docs",
      Effect.sync(() => {
        page ??= docsPage(OpenApi.fromApi(api), "/docs/scalar.js")
        return HttpServerResponse.html(page)
      })
    )
    yield* router.get(
      "/docs/scalar.js",
      Effect.sync(() => {
        script ??= scalarScript()
        return HttpServerResponse.text(script, {
          contentType: "text/javascript; charset=utf-8",
          headers: { "cache-control": "public, max-age=3600" }
        })
      })
    )
  })
)
