// @ts-check
// ts-jest compiles test and source files with the pinned TypeScript (5.9). `isolatedModules` in the
// shared tsconfig makes it transpile file by file: type errors are left to `npm run typecheck`, so the
// suites start quickly on two cores. See docs/testing.md.
/** @type {import('jest').Config['transform']} */
const transform = {
  '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/bot/tsconfig.json' }],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/bot/src/**/*.test.ts', '<rootDir>/bot/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.pg\\.test\\.ts$'],
    },
    {
      // The same contract suites against a PostgreSQL server; needs TEST_DATABASE_URL (see .ci/run).
      displayName: 'postgres',
      rootDir: __dirname,
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/bot/test/**/*.pg.test.ts'],
    },
  ],
};
