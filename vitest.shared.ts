import { defineConfig } from "vitest/config"

// Shared by every project's vitest.config.ts. The JSON report feeds tools/scripts/run-tests.mjs,
// which prints the one summary line CI reads.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
    testTimeout: 30_000,
    hookTimeout: 30_000
  }
})
