import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'test-results/**', 'node_modules/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    // The contract and model are used on both sides: no Node, no DOM, no Electron.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'electron', 'dockerode', 'react', 'fs', 'path', 'os'] },
      ],
    },
  },
  // The renderer's layers import one way: features → store → model → shared (lib: helpers any
  // layer above model may use; model uses only its pure ones).
  {
    files: ['renderer/store/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/features/**', '**/components/**'],
              message:
                'The store imports no feature or component: what both use goes in renderer/model.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/model/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/features/**', '**/components/**', '**/store/**', '**/transport/**'],
              message: 'renderer/model is pure: it imports shared/, lib/ and itself only.',
            },
            {
              group: ['react', 'react-dom', 'react/*', 'react-dom/*', 'zustand', 'zustand/*'],
              message: 'renderer/model is pure: no React, no store.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/features/**', '**/components/**', '**/store/**', '**/model/**'],
              message: 'renderer/lib holds helpers under every layer: it imports none of them.',
            },
          ],
        },
      ],
    },
  },
  {
    // The core reaches the engine through the DockerClient seam; only engine/ creates dockerode clients.
    files: ['electron/core/**/*.ts'],
    ignores: ['electron/core/engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'dockerode',
              message: 'Use DockerClient (electron/core/engine/docker-client.ts) from the engine.',
            },
          ],
        },
      ],
    },
  },
  {
    // The renderer never reaches Electron or Node directly: only through a Transport.
    files: ['renderer/**/*.{ts,tsx}', 'electron/preload.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.property.name='exposeInMainWorld'] > Identifier[name='ipcRenderer']",
          message: 'Never expose ipcRenderer itself; expose task-specific functions.',
        },
      ],
    },
  },
);
