// @ts-check
// The same storage contract suites against a PostgreSQL server; needs TEST_DATABASE_URL (see .ci/run).
const base = require('./jest.base');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  displayName: 'postgres',
  testMatch: ['<rootDir>/bot/test/**/*.pg.test.ts'],
};
