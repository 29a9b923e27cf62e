import { json } from '@sveltejs/kit';

/** The server's clock, so clients can show a timer that agrees across devices. */
export function GET() {
	return json({ now: Date.now() }, { headers: { 'cache-control': 'no-store' } });
}
