// Two projects: unit specs beside the code, end-to-end specs in test/ against real servers.
// aedes 1.x is ESM only; jest on Node 20 cannot require() it, so aedes (and only aedes) is compiled to
// CJS here (stack.md pitfall 1).
const swcTs = ['@swc/jest', {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022', keepClassNames: true,
  },
  module: { type: 'commonjs' },
}];
const swcAedes = ['@swc/jest', {
  jsc: { parser: { syntax: 'ecmascript', importAttributes: true }, target: 'es2022' },
  module: { type: 'commonjs' },
}];
const common = {
  transform: { '^.+\\.ts$': swcTs, '/node_modules/aedes/.+\\.js$': swcAedes },
  transformIgnorePatterns: ['/node_modules/(?!aedes/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@board-bridge/board-protocol$': '<rootDir>/libs/board-protocol/src',
    '^@board-bridge/board-protocol/(.*)$': '<rootDir>/libs/board-protocol/src/$1',
  },
  testEnvironment: 'node',
};
module.exports = {
  // End-to-end tests wait on real sockets and brokers; units finish in milliseconds either way.
  testTimeout: 20000,
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  projects: [
    { ...common, displayName: 'unit', rootDir: __dirname, testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common, displayName: 'e2e', rootDir: __dirname, testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
    },
  ],
};
