import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '*.js', '*.cjs', '*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env',
        message: 'Config is read once in apps/bridge/src/config; inject BridgeConfig instead.' }],
    },
  },
  {
    // The protocol library is pure: no sockets, timers, Nest, Redis or MQTT (style.md rule 1).
    files: ['libs/board-protocol/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@nestjs/*', 'ioredis', 'mqtt', 'aedes', 'node:net', 'net',
        'node:timers', 'pino', 'undici'] }],
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'setImmediate'],
    },
  },
  {
    files: ['apps/bridge/src/config/**/*.ts', 'apps/bridge/src/main.ts', 'test/**/*.ts', 'scripts/**/*.ts', '**/*.spec.ts', '**/bench/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
