import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * The browser/server boundary (docs/architecture.md). `$server` is a plain alias, so SvelteKit's
 * own guard (which covers $lib/server) does not stop browser code from bundling server/: this does.
 */
const SERVER_IMPORT = {
	regex: String.raw`^(\$server|\$lib/server|(\.\./)+(lib/)?server)(/|$)`,
	message:
		'Browser code may not import server/ ($server): move what both sides need into src/lib/model, or do this in a +page.server.ts / +server.ts.'
};

/** The model is plain TypeScript over Yjs, usable on both sides and in tests. */
const MODEL_IMPORT = {
	regex: String.raw`^(svelte|\$app|\$lib/(sync|components|charts)|(\.\./)+(sync|components|charts))(/|$)`,
	message:
		'src/lib/model may not import Svelte, $app, sync, components or charts: it is shared by the server and the browser.'
};

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// TypeScript already reports undefined names, with knowledge of types and globals.
			'no-undef': 'off',
			// `_name` marks what must be declared but is not read (an argument, a key only counted).
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		files: ['src/lib/{model,sync,components,charts,export,feedback}/**', 'src/routes/**'],
		ignores: ['**/+page.server.ts', '**/+server.ts', '**/+layout.server.ts'],
		rules: { 'no-restricted-imports': ['error', { patterns: [SERVER_IMPORT] }] }
	},
	{
		files: ['src/lib/model/**'],
		// Later options replace earlier ones for the same rule: repeat the server pattern.
		rules: { 'no-restricted-imports': ['error', { patterns: [SERVER_IMPORT, MODEL_IMPORT] }] }
	},
	{ ignores: ['build/', '.svelte-kit/', 'data/', 'test-results/', 'playwright-report/'] }
);
