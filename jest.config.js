// @ts-check
/**
 * CommonJS jest; @swc/jest compiles our TypeScript (decorators and their metadata on) and the
 * ESM-only packages below, which jest cannot load untransformed.
 */
const ESM_PACKAGES = [
  'pg-boss',
  'serialize-error',
  'non-error',
  'cron-parser',
  'rrule-temporal',
  'luxon',
  'temporal-polyfill',
  'uuid',
  'openid-client',
  'oauth4webapi',
  // openid-client's and oidc-provider's own jose 6 (nested); the root jose 5 is CommonJS and compiles as is.
  'jose',
  'oidc-provider',
  // swagger-parser's $ref resolver (the API reference test).
  '@apidevtools/json-schema-ref-parser',
];

/** @type {import('jest').Config} */
const config = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  // Relative dynamic imports name the compiled `.js` file (Node needs it); jest resolves the source.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};

module.exports = config;
