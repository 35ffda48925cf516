import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['*/src/**/*.test.ts', 'analyzer/scripts/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    // One test file per core, not Vitest's default of one fewer (a single worker on two cores):
    // many files mostly wait, on processes they spawn, Redis or a browser. On two cores the suite
    // took 285 s instead of 469 s.
    maxWorkers: availableParallelism(),
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
