// Lint rules that keep the folder boundaries of STYLE.md: a slip fails the build, not a review.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const nodeBuiltins = [
  'fs',
  'fs/promises',
  'path',
  'crypto',
  'os',
  'http',
  'https',
  'net',
  'child_process',
  'worker_threads',
  'url',
  'util',
  'events',
  'stream',
];

export default tseslint.config(
  { ignores: ['node_modules/**', '.next/**', 'src/generated/**', 'data/**', 'next-env.d.ts'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin, 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      // a module never imports, through any chain, a module that imports it
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-debugger': 'error',
    },
  },
  {
    // The engine is pure: no framework, no Node, no clock, no randomness (DESIGN.md).
    files: ['engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'engine/ runs in the browser too: no Node modules.' })),
          patterns: [
            {
              group: [
                'next',
                'next/*',
                'react',
                'react-dom',
                'react/*',
                'socket.io',
                'socket.io-client',
                '@prisma/*',
                '@electric-sql/*',
                'pg',
              ],
              message: 'engine/ may import only zod, ip-num, yaml and itself.',
            },
            { group: ['node:*'], message: 'engine/ runs in the browser too: no Node modules.' },
            {
              group: ['**/app/**', '**/challenges/**', '**/bin/**', '**/scripts/**', '**/tests/**'],
              message: 'engine/ never imports from the layers above it.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Time is a parameter of the engine.' },
        { object: 'Math', property: 'random', message: 'Seeds are parameters of the engine.' },
        { object: 'performance', property: 'now', message: 'Time is a parameter of the engine.' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'No timers in the engine: simulated time is passed in.' },
        { name: 'setInterval', message: 'No timers in the engine: simulated time is passed in.' },
        { name: 'process', message: 'engine/ runs in the browser too.' },
        { name: 'require', message: 'engine/ is ES modules only.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date']", message: 'Time is a parameter of the engine.' },
      ],
    },
  },
  {
    files: ['app/_shared/**/*.ts', 'app/_shared/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/_server/**', '@prisma/*', 'socket.io', '**/generated/**'],
              message: 'app/_shared may import zod and engine types only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['app/_components/**/*.tsx', 'app/_components/**/*.ts', 'app/_hooks/**/*.ts', 'app/_hooks/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/_server/**', '@prisma/*', '**/generated/**', '**/challenges/**'],
              message: 'Browser code never touches the server, the database or solutions.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['app/_server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/_components/**', '**/_hooks/**'], message: 'The server does not import browser code.' },
          ],
        },
      ],
    },
  },
);
