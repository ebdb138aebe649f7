#!/usr/bin/env bash
# Lints the gateway's OpenAPI document with Redocly CLI's recommended rules (redocly.yaml at the root): writes the
# document to a temporary file and runs `redocly lint`. Fails on any error; warnings are printed.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
node --conditions=@its/source --import tsx apps/gateway/src/openapi.ts >"$out/openapi.json"
pnpm exec redocly lint --config redocly.yaml --format stylish "$out/openapi.json"
