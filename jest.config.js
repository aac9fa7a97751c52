// @ts-check
const { testTimeout, ...base } = require('./jest.base');

/**
 * `npm test`: everything that needs no running service: the service's unit and API tests (Node, PGlite) and
 * the tab's component tests (jsdom, React Testing Library).
 * @type {import('jest').Config}
 */
module.exports = {
  testTimeout,
  projects: [
    {
      ...base,
      displayName: 'service',
      testMatch: ['<rootDir>/bot/src/**/*.test.ts', '<rootDir>/bot/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.pg\\.test\\.ts$', '\\.e2e\\.test\\.ts$'],
    },
    {
      rootDir: __dirname,
      displayName: 'tab',
      testEnvironment: '<rootDir>/tab/test/jsdom-environment.cjs',
      testMatch: ['<rootDir>/tab/src/**/*.test.tsx', '<rootDir>/tab/src/**/*.test.ts'],
      transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tab/tsconfig.test.json' }] },
      setupFilesAfterEnv: ['<rootDir>/tab/test/setup.ts'],
    },
  ],
};
