// @ts-check
// End-to-end: the service, the Microsoft 365 Agents Playground and headless Chromium (Debian's package at
// /usr/bin/chromium, driven by playwright-core), all on 127.0.0.1. `npm run test:e2e`; CI runs it after the
// unit tests. See docs/testing.md.
const base = require('./jest.base');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  displayName: 'e2e',
  testMatch: ['<rootDir>/bot/test/e2e/**/*.e2e.test.ts'],
  // Starting the service, the playground and a browser on a busy two-core machine takes a while.
  testTimeout: 120_000,
};
