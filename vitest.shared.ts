import { defineConfig } from "vitest/config"

// Workspace packages export their TypeScript sources under the "@its/source" condition (and built `dist/` for
// everyone else), so tests run on sources without a prior build. Vite's default server conditions follow it.
// No "module": @opentelemetry/api maps it to an ESM build with extensionless imports that Node cannot load.
const conditions = ["@its/source", "node", "development|production"]

// Shared by every project's vitest.config.ts. The JSON report feeds tools/scripts/run-tests.mjs,
// which prints the one summary line CI reads.
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["@its/source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
    testTimeout: 30_000,
    hookTimeout: 30_000
  }
})
