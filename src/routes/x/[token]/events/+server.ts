import { error } from '@sveltejs/kit';
import { watchShared } from '$server/share.ts';
import { getApp } from '$lib/server/app.ts';
import type { RequestHandler } from './$types';

/** Server-sent events telling an open executive page that the workshop changed (or was revoked). */
export const GET: RequestHandler = async ({ params, request }) => {
	const app = await getApp();
	const encoder = new TextEncoder();
	let stop: (() => void) | null = null;
	const stream = new ReadableStream<Uint8Array>({
		async start(controller) {
			const send = (event: string) => {
				try {
					controller.enqueue(encoder.encode(`event: ${event}\ndata: {}\n\n`));
				} catch {
					stop?.();
				}
			};
			const end = () => {
				try {
					controller.close();
				} catch {
					// already closed by the client
				}
			};
			stop = await watchShared(app, params.token, send, end);
			if (!stop) {
				send('revoked');
				end();
				return;
			}
			controller.enqueue(encoder.encode(': live\n\n'));
			request.signal.addEventListener('abort', () => stop?.());
		},
		cancel() {
			stop?.();
		}
	});
	if (!stream) error(500);
	return new Response(stream, {
		headers: {
			'content-type': 'text/event-stream',
			'cache-control': 'no-store',
			connection: 'keep-alive'
		}
	});
};
