#!/usr/bin/env node
// Fails when the Nx project graph has a cycle (auth ← transport ← models, tickets ← gateway, cli must stay acyclic).
import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const file = join(mkdtempSync(join(tmpdir(), "nx-graph-")), "graph.json")
execFileSync("pnpm", ["exec", "nx", "graph", `--file=${file}`], { stdio: ["ignore", "ignore", "inherit"] })
const { graph } = JSON.parse(readFileSync(file, "utf8"))
const edges = Object.fromEntries(
  Object.entries(graph.dependencies).map(([p, deps]) => [p, deps.map((d) => d.target).filter((t) => t in graph.nodes)])
)
const state = new Map()
const visit = (node, path) => {
  if (state.get(node) === "done") return
  if (state.get(node) === "active") {
    console.error(`project graph has a cycle: ${[...path.slice(path.indexOf(node)), node].join(" -> ")}`)
    process.exit(1)
  }
  state.set(node, "active")
  for (const next of edges[node] ?? []) visit(next, [...path, node])
  state.set(node, "done")
}
for (const node of Object.keys(edges)) visit(node, [])
console.log(`project graph: ${Object.keys(graph.nodes).length} projects, no cycle`)
for (const [p, deps] of Object.entries(edges).sort())
  if (deps.length) console.log(`  ${p} -> ${deps.sort().join(", ")}`)
