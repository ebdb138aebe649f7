#!/usr/bin/env bash
# Checks the gateway's Prometheus files with promtool (Debian package `prometheus`, installed when missing):
# `promtool check rules deploy/prometheus/alerts.yaml`, then the e2e test that scrapes /metrics of an in-process
# gateway after some traffic, pipes it to `promtool check metrics`, and asserts every metric the rules and the
# Grafana dashboard reference is exported.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bash "$root/tools/scripts/apt-install.sh" promtool prometheus
promtool check rules "$root/deploy/prometheus/alerts.yaml"
cd "$root/tools/e2e"
pnpm exec vitest run test/gateway/operations.e2e.test.ts
