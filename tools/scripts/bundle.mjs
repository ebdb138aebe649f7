#!/usr/bin/env node
// `build` of the apps (`nx build @its/gateway`, `nx build @its/cli`): one esbuild bundle each, ESM for Node 20, with
// the workspace libraries taken from their sources (`@its/source` condition, so no library build is needed first).
//
//   node tools/scripts/bundle.mjs gateway   → apps/gateway/dist/main.js   (the production entry, src/main.ts)
//   node tools/scripts/bundle.mjs cli       → apps/cli/dist/its.mjs       (+ lazily loaded chunks), with a shebang
//   node tools/scripts/bundle.mjs cli-floor → tools/bench/dist/cli-floor/floor.mjs (a trivial @effect/cli command:
//                                             the floor `pnpm bench:cli` measures `its` against)
//   … --outdir=DIR                          → the same into DIR (the gateway bench builds its own copy, so a build
//                                             running at the same time cannot delete the bundle under test)
//
// Everything JavaScript is bundled (effect, @effect/*, pg, ws, undici, OpenTelemetry, openpgp, yaml). Only the native
// SQLite addon stays outside: `better-sqlite3` is loaded at run time from where `@effect/sql-sqlite-node` (a production
// dependency of the gateway, so `pnpm deploy --prod` installs it) resolves it. `pg-native` (optional, never
// installed) stays an external import that is never taken. The gateway's bundle is checked to contain no simulator
// module and no demo-key code (`dev/`): the build fails otherwise.
import { chmodSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { readFile } from "node:fs/promises"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import * as esbuild from "esbuild"

const root = fileURLToPath(new URL("../../", import.meta.url))
const which = process.argv[2]
const outdirArg = process.argv.find((arg) => arg.startsWith("--outdir="))?.slice("--outdir=".length)

/** `import Sqlite from "better-sqlite3"` → the addon as `@effect/sql-sqlite-node` itself would load it. */
const betterSqliteFromSqliteNode = {
  name: "better-sqlite3-from-sql-sqlite-node",
  setup(build) {
    build.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: "better-sqlite3", namespace: "its-native" }))
    build.onLoad({ filter: /.*/, namespace: "its-native" }, () => ({
      loader: "js",
      resolveDir: root,
      contents: [
        'import { createRequire } from "node:module"',
        "const here = createRequire(import.meta.url)",
        'const sqliteNode = createRequire(here.resolve("@effect/sql-sqlite-node/package.json"))',
        'export default sqliteNode("better-sqlite3")'
      ].join("\n")
    }))
  }
}

/**
 * `@effect/cli`'s `HelpDoc.toAnsiText` through `apps/cli/src/PrettyRender.ts`: the same text without
 * `@effect/printer`'s Effect-per-node layout, which cost `its --help` ~250 ms (`test/PrettyRender.test.ts` checks the
 * two agree). The build fails if `@effect/cli` changes the line this replaces.
 */
const fastHelpText = {
  name: "its-fast-help-text",
  setup(build) {
    build.onLoad({ filter: /[\\/]@effect[\\/]cli[\\/]dist[\\/]esm[\\/]internal[\\/]helpDoc\.js$/ }, async (args) => {
      const source = await readFile(args.path, "utf8")
      const original = /export const toAnsiText = self => Doc\.render\(toAnsiDoc\(self\), \{\s*style: "pretty"\s*\}\);/
      if (!original.test(source)) throw new Error(`${args.path}: toAnsiText is not the expected one, see fastHelpText`)
      const renderer = JSON.stringify(join(root, "apps/cli/src/PrettyRender.ts"))
      return {
        loader: "js",
        resolveDir: dirname(args.path),
        contents: `import { renderPretty as itsRenderPretty } from ${renderer};\n${source.replace(
          original,
          "export const toAnsiText = self => itsRenderPretty(toAnsiDocInternal(self));"
        )}`
      }
    })
  }
}

/**
 * `@effect/cli` imports its option-file parsers (yaml, toml, ini: 235 KiB, ~40 ms of compilation) at top level for
 * `Options.file…`/`Args.file…`, which `its` parses no file with at start-up: each is imported when a file is parsed
 * (`parse` already returns an Effect), so they become lazy chunks. The build fails if `files.js` changes shape.
 */
const lazyFileParsers = {
  name: "its-lazy-file-parsers",
  setup(build) {
    build.onLoad({ filter: /[\\/]@effect[\\/]cli[\\/]dist[\\/]esm[\\/]internal[\\/]files\.js$/ }, async (args) => {
      const edits = [
        [/import \* as Ini from "ini";\nimport \* as Toml from "toml";\nimport \* as Yaml from "yaml";\n/, ""],
        [
          /export const fileParsers = \{[^}]*\};/,
          // A CommonJS package imported with `import()` is its `default` (toml, ini).
          `const parserOf = (module) => module.parse ?? module.default.parse;
const fileParsers = {
  json: async () => (content) => JSON.parse(content),
  yaml: async () => parserOf(await import("yaml")),
  yml: async () => parserOf(await import("yaml")),
  ini: async () => parserOf(await import("ini")),
  toml: async () => parserOf(await import("toml")),
  tml: async () => parserOf(await import("toml"))
};`
        ],
        [
          /return Effect\.try\(\{\n(\s*)try: \(\) => parser\(content\),\n(\s*catch: [^\n]*)\n(\s*)\}\);/,
          "return Effect.flatMap(Effect.promise(parser), (parseContent) => Effect.try({\n$1try: () => parseContent(content),\n$2\n$3}));"
        ]
      ]
      let source = await readFile(args.path, "utf8")
      for (const [pattern, replacement] of edits) {
        if (!pattern.test(source)) throw new Error(`${args.path}: ${pattern} not found, see lazyFileParsers`)
        source = source.replace(pattern, replacement)
      }
      return { loader: "js", resolveDir: dirname(args.path), contents: source }
    })
  }
}

/** CommonJS dependencies inside an ESM bundle call `require` for Node built-ins: give them one. */
const requireBanner =
  'import { createRequire as __itsCreateRequire } from "node:module"; const require = __itsCreateRequire(import.meta.url);'

const apps = {
  gateway: {
    dir: "apps/gateway",
    entryPoints: { main: "src/main.ts" },
    splitting: false,
    outExtension: { ".js": ".js" },
    banner: requireBanner,
    // The docs' Scalar script is a file next to the bundle, read on first use (`src/docs/ScalarDocs.ts`), not code.
    forbidden: [
      /^tools\/simulator\//,
      /^apps\/gateway\/src\/dev\//,
      /^apps\/gateway\/src\/dev\.ts$/,
      /@effect\/platform\/dist\/esm\/internal\/httpApiScalar\.js$/
    ]
  },
  cli: {
    dir: "apps/cli",
    entryPoints: { its: "src/bin.ts" },
    // Chunks, so that every dynamic `import()` stays lazy: each command's implementation (`src/handlers/*`, and with
    // it the SDK: models, tickets, transport, the gateway client), `Run.ts`, openpgp, yaml, the simulator. The entry
    // chunk and what it imports statically are the command definitions only (`@effect/cli` and option lists).
    splitting: true,
    outExtension: { ".js": ".mjs" },
    banner: `#!/usr/bin/env node\n${requireBanner}`,
    plugins: [fastHelpText, lazyFileParsers],
    minifyIdentifiers: true,
    forbidden: []
  },
  "cli-floor": {
    dir: "apps/cli",
    outdir: "../../tools/bench/dist/cli-floor",
    entryPoints: { floor: "bench/floor.ts" },
    splitting: true,
    outExtension: { ".js": ".mjs" },
    banner: requireBanner,
    plugins: [fastHelpText, lazyFileParsers],
    minifyIdentifiers: true,
    forbidden: []
  }
}

const app = apps[which]
if (app === undefined) {
  console.error(`usage: node tools/scripts/bundle.mjs ${Object.keys(apps).join("|")}`)
  process.exit(2)
}
const dir = join(root, app.dir)
const outdir = outdirArg === undefined ? join(dir, app.outdir ?? "dist") : resolve(outdirArg)
rmSync(outdir, { recursive: true, force: true })

const started = performance.now()
const result = await esbuild.build({
  absWorkingDir: dir,
  entryPoints: app.entryPoints,
  outdir,
  bundle: true,
  splitting: app.splitting,
  platform: "node",
  format: "esm",
  target: "node20",
  conditions: ["@its/source"],
  outExtension: app.outExtension,
  chunkNames: "chunks/[name]-[hash]",
  banner: { js: app.banner },
  external: ["pg-native"],
  plugins: [betterSqliteFromSqliteNode, ...(app.plugins ?? [])],
  sourcemap: "linked",
  minifyWhitespace: true,
  minifySyntax: true,
  // Shorter names, less to scan: the cli's start-up is mostly parsing its entry's closure (source maps keep names).
  minifyIdentifiers: app.minifyIdentifiers ?? false,
  metafile: true,
  logLevel: "warning"
})

const inputs = Object.keys(result.metafile.inputs).map((path) => relative(root, join(dir, path)))
// What the output really contains (a module esbuild read but tree-shook away is listed in `inputs` too).
const bundled = new Set(
  Object.values(result.metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([path]) => relative(root, join(dir, path)))
  )
)
const leaked = [...bundled].filter((path) => app.forbidden.some((pattern) => pattern.test(path)))
if (leaked.length > 0) {
  console.error(`${which}: the production bundle must not contain:\n  ${leaked.join("\n  ")}`)
  process.exit(1)
}

const outputs = Object.keys(result.metafile.outputs).filter((path) => !path.endsWith(".map"))
const entry = join(outdir, `${Object.keys(app.entryPoints)[0]}${app.outExtension[".js"]}`)
chmodSync(entry, 0o755)
const total = outputs.reduce((sum, path) => sum + statSync(join(dir, path)).size, 0)
const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`
console.log(
  `${relative(root, entry)}: ${kib(statSync(entry).size)}` +
    (outputs.length > 1 ? ` (+ ${outputs.length - 1} lazy chunks, ${kib(total)} in all)` : "") +
    ` from ${inputs.length} modules in ${Math.round(performance.now() - started)} ms`
)
// The shebang must be the first line for `bin` to work.
if (which === "cli" && !readFileSync(entry, "utf8").startsWith("#!/usr/bin/env node\n")) {
  console.error(`${entry}: no shebang`)
  process.exit(1)
}
// The gateway's `/docs/scalar.js`: `@effect/platform`'s Scalar script (the one `HttpApiScalar` would inline), as a
// file beside `main.js` that `src/docs/ScalarDocs.ts` reads on the first request for it.
if (which === "gateway") {
  const require = createRequire(join(dir, "package.json"))
  const platform = dirname(require.resolve("@effect/platform/HttpApiScalar"))
  const { javascript } = require(join(platform, "internal", "httpApiScalar.js"))
  writeFileSync(join(outdir, "scalar-ui.js"), javascript)
}
