import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The import boundaries of eslint.config.js, run through ESLint itself on one-line files at the
 * paths they would have: each forbidden import is reported with the rule's message, and the
 * imports each side is allowed are not.
 */
let eslint: ESLint;
beforeAll(() => {
	eslint = new ESLint({ cwd: import.meta.dirname, overrideConfigFile: 'eslint.config.js' });
});

async function boundaryMessages(filePath: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(`${code}\n`, { filePath });
	return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const SERVER = /Browser code may not import server\/ \(\$server\)/;
const MODEL = /src\/lib\/model may not import Svelte, \$app, sync, components or charts/;

describe('[BD1] browser code does not import server/', () => {
	it.each([
		['src/lib/sync/x.ts', `import { CloseCode } from '$server/sync/protocol.ts';`],
		['src/lib/components/x.ts', `import type { Role } from '$server/db/workshops.ts';`],
		['src/lib/charts/x.ts', `export { createApp } from '../../../server/app.ts';`],
		['src/lib/export/x.ts', `import '$lib/server/app.ts';`],
		['src/lib/feedback/x.ts', `export * from '$server';`],
		['src/lib/model/x.ts', `import { accessTo } from '../../../server/sync/documents.ts';`],
		['src/routes/dev/frameworks/x.ts', `import { createApp } from '$server/app.ts';`],
		['src/routes/w/[id]/+page.ts', `import { getRole } from '$server/db/workshops.ts';`],
		['src/routes/w/[id]/+layout.ts', `import '../../../../server/app.ts';`]
	])('%s: %s is reported', async (path, code) => {
		const messages = await boundaryMessages(path, code);
		expect(messages).toHaveLength(1);
		expect(messages[0]).toMatch(SERVER);
	});

	it.each([
		['src/routes/w/[id]/+page.server.ts', `import { getRole } from '$server/db/workshops.ts';`],
		['src/routes/api/x/+server.ts', `import { createApp } from '$server/app.ts';`],
		['src/routes/+layout.server.ts', `import { createApp } from '$server/app.ts';`],
		['src/hooks.server.ts', `import { createApp } from '$server/app.ts';`],
		['server/sync/x.ts', `import { CloseCode } from '../../src/lib/model/protocol.ts';`],
		['src/lib/sync/x.ts', `import { CloseCode } from '$lib/model/protocol.ts';`],
		['src/lib/components/x.ts', `import type { Role } from '$lib/model/members.ts';`]
	])('%s: %s is allowed', async (path, code) => {
		expect(await boundaryMessages(path, code)).toEqual([]);
	});
});

describe('[BD2] the model imports neither Svelte, $app, sync, components nor charts', () => {
	it.each([
		`import { untrack } from 'svelte';`,
		`import { SvelteMap } from 'svelte/reactivity';`,
		`import { browser } from '$app/environment';`,
		`import { BoardSync } from '$lib/sync/board.svelte.ts';`,
		`import Rank from '$lib/components/Rank.svelte';`,
		`import { shortLabel } from '$lib/charts/value-effort.ts';`,
		`import { permissions } from '../sync/permissions.ts';`
	])('src/lib/model/x.ts: %s is reported', async (code) => {
		const messages = await boundaryMessages('src/lib/model/x.ts', code);
		expect(messages).toHaveLength(1);
		expect(messages[0]).toMatch(MODEL);
	});

	it('is reported from a framework folder inside the model too', async () => {
		const code = `import { shortLabel } from '../../../charts/value-effort.ts';`;
		const messages = await boundaryMessages('src/lib/model/frameworks/wsjf/x.ts', code);
		expect(messages).toHaveLength(1);
		expect(messages[0]).toMatch(MODEL);
	});

	it.each([
		['src/lib/model/x.ts', `import * as Y from 'yjs';`],
		['src/lib/model/x.ts', `import { readIdeas } from './board.ts';`],
		['src/lib/model/x.ts', `import { isVoter } from '$lib/model/members.ts';`],
		['src/lib/sync/x.ts', `import { untrack } from 'svelte';`],
		['src/lib/components/x.ts', `import { BoardSync } from '$lib/sync/board.svelte.ts';`]
	])('%s: %s is allowed', async (path, code) => {
		expect(await boundaryMessages(path, code)).toEqual([]);
	});
});
