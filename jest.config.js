// @ts-check
const base = require('./jest.base');

/** `npm test`: everything that needs no running service. @type {import('jest').Config} */
module.exports = {
  ...base,
  displayName: 'unit',
  testMatch: ['<rootDir>/bot/src/**/*.test.ts', '<rootDir>/bot/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.pg\\.test\\.ts$', '\\.e2e\\.test\\.ts$'],
};
