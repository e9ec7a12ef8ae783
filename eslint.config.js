import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read the environment only in src/config/ (secrets) or the CLI entry.',
        },
      ],
    },
  },
  {
    // Plain browser scripts served by the desk (no bundler).
    files: ['src/web/public/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: Object.fromEntries(
        ['window', 'document', 'location', 'fetch', 'EventSource', 'CSS', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'console', 'URL', 'URLSearchParams', 'FormData', 'navigator', 'Intl', 'HTMLElement', 'Event', 'CustomEvent', 'requestAnimationFrame', 'history', 'alert', 'confirm']
          .map((g) => [g, 'readonly']),
      ),
    },
  },
  {
    files: ['src/config/**', 'workers/cli.ts', 'test/**', 'bench/**', 'src/shared/logger.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Only workers/ wires the parts together: nothing in src/ may reach back into it.
    files: ['src/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/workers/**'] }] },
  },
  {
    files: ['src/feeds/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/workers/**', '**/publishers/**', '**/summaries/**', '**/drafts/**'] }],
    },
  },
  {
    // The config knows no network: the composition root passes the registry in (#12).
    files: ['src/config/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/workers/**', '**/publishers/**', '**/drafts/**', '**/summaries/**', '**/web/**'] }],
    },
  },
  {
    files: ['src/publishers/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/workers/**', '**/feeds/**'] }] },
  },
  {
    // src/text is a leaf (#12): it imports libraries and itself, nothing else of ours.
    files: ['src/text/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['../*'] }] },
  },
);
