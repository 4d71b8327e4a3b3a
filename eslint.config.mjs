// ESLint (flat config) with typescript-eslint's recommended rules; Prettier owns the formatting.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'media/monitor/out/', '.test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `import vscode = require('vscode')` binds the API object itself; `import * as` makes the bundler
      // copy its few hundred members into a new object in every module, which was half of activation.
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
    },
  },
  {
    // Tests and the emulator handle AWS wire JSON; the emulator's contract check validates it against AWS's own models.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['media/monitor/src/**/*.ts', 'test/e2e/**/*.js', 'test/harness/**/*.js'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
);
