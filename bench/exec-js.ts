/**
 * What JavaScript the executive page (/x/<token>) ships, gzipped: the page is server-rendered and
 * read before any script runs, so everything it loads is weight for a reader on a phone. Starts
 * the production build (`npm run build` first) on a free port, creates a workshop with a few
 * ideas and a read-only link through the API, opens the link in Chromium and gzips every script
 * it loads (files, whatever their type) plus the inline scripts of the HTML.
 */
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium, request } from '@playwright/test';
import { markdownTable, type Bench } from './bench.ts';
import { startServerProcess } from '../tests/helpers/server-process.ts';

const TARGET_BYTES = 50 * 1024;

export interface ShippedScript {
	/** The file's path, or "inline #n" for a script written into the HTML. */
	name: string;
	bytes: number;
	gzip: number;
}

const gzipped = (text: string | Buffer) => gzipSync(text, { level: 9 }).length;

/** Scripts written into the page itself (no src), in document order. */
export function inlineScripts(html: string): string[] {
	const scripts: string[] = [];
	for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
		const [, attributes, body] = match;
		if (/\bsrc\s*=/.test(attributes) || /type\s*=\s*["']?application\/(ld\+)?json/.test(attributes))
			continue;
		if (body.trim()) scripts.push(body);
	}
	return scripts;
}

export async function measureExecutiveJs(): Promise<ShippedScript[]> {
	if (!existsSync('build/handler.js')) {
		throw new Error('exec-js reads the production build: run `npm run build` first');
	}
	const server = await startServerProcess();
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu']
	});
	try {
		const api = await request.newContext({ baseURL: server.url });
		const email = `bench-${Date.now().toString(36)}@example.com`;
		const signup = await api.post('/api/v1/auth/signup', {
			data: { email, password: 'correct horse', name: 'Bench' }
		});
		if (!signup.ok()) throw new Error(`signup failed: ${signup.status()}`);
		const workshop = await (
			await api.post('/api/v1/workshops', { data: { title: 'Bench', description: '' } })
		).json();
		const share = await (
			await api.post(`/api/v1/workshops/${workshop.id}/share-links`, { data: { label: 'Bench' } })
		).json();

		const page = await browser.newPage();
		const files: Promise<ShippedScript>[] = [];
		page.on('response', (response) => {
			if (response.request().resourceType() !== 'script') return;
			files.push(
				response.body().then((body) => ({
					name: new URL(response.url()).pathname,
					bytes: body.length,
					gzip: gzipped(body)
				}))
			);
		});
		const response = await page.goto(share.url, { waitUntil: 'networkidle' });
		if (!response?.ok()) throw new Error(`the executive page answered ${response?.status()}`);
		const html = await response.text();
		await api.dispose();
		const inline = inlineScripts(html).map((text, i) => ({
			name: `inline #${i + 1}`,
			bytes: Buffer.byteLength(text),
			gzip: gzipped(text)
		}));
		return [...(await Promise.all(files)), ...inline];
	} finally {
		await browser.close();
		await server.stop();
	}
}

/** The executive page's JavaScript as a section of docs/benchmarks.md. */
export const execJsBench: Bench = {
	id: 'exec-js',
	async run() {
		const scripts = await measureExecutiveJs();
		const total = scripts.reduce((sum, s) => sum + s.gzip, 0);
		const raw = scripts.reduce((sum, s) => sum + s.bytes, 0);
		const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;
		return {
			title: 'Executive page: JavaScript shipped',
			method:
				'The production build, started on a free port; a workshop and a read-only link created ' +
				'through the API; the link opened in Chromium until the network is idle. Every response ' +
				'Chromium loads as a script, and every inline script of the HTML, gzipped at level 9 ' +
				'(node:zlib). The page has `csr = false`, so SvelteKit sends no client runtime; what is ' +
				'left is the inline script that keeps the page live (EventSource) and swaps in the ' +
				'server-rendered outcome.',
			results:
				scripts.length === 0
					? 'No JavaScript at all.'
					: markdownTable(
							['script', 'bytes', 'gzip'],
							[
								...scripts.map((s) => [s.name, String(s.bytes), kb(s.gzip)]),
								['**total**', String(raw), `**${kb(total)}**`]
							]
						),
			summary: `executive page ships ${kb(total)} of JavaScript gzipped (${scripts.length} scripts)`,
			checks: [
				{
					target: 'The executive page ships ≤ 50 KB gzip of JavaScript (DESIGN.md, issue 5)',
					holds: total <= TARGET_BYTES,
					evidence: `${kb(total)} gzip in ${scripts.length} script${scripts.length === 1 ? '' : 's'}: ${scripts.map((s) => s.name).join(', ') || 'none'}`
				}
			]
		};
	}
};
