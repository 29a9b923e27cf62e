import { test as base, expect } from '@playwright/test';

/** Tests use the server global-setup started; its port is only known at run time. */
export const test = base.extend({
	// Playwright reads fixture dependencies from the destructuring pattern, so it must be present.
	// eslint-disable-next-line no-empty-pattern
	baseURL: async ({}, use) => {
		await use(process.env.CONVERGE_URL);
	}
});

export { expect };

let counter = 0;
/** An email no other test (or earlier run against the same database) has used. */
export function uniqueEmail(prefix = 'pm'): string {
	return `${prefix}-${Date.now().toString(36)}-${counter++}@example.com`;
}
