// @ts-check
// Settings shared by jest.config.js (npm test) and jest.pg.config.js (npm run test:pg).
// ts-jest compiles with the pinned TypeScript (5.9). `isolatedModules` in the shared tsconfig makes it
// transpile file by file: type errors are left to `npm run typecheck`, so the suites start quickly on two
// cores. See docs/testing.md.

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/bot/tsconfig.json' }] },
  // A guard against hangs, not a performance assertion: starting PGlite and the service takes a few seconds
  // on a busy two-core machine.
  testTimeout: 60_000,
};
