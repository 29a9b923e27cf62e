// The executive page's only script, inlined so that the page loads no script file: it listens for
// changes and swaps in the freshly rendered outcome, and reloads when the link is revoked to show
// why. The status pill stays hidden until the stream answers, so a page read without JavaScript
// never claims to be live. svelte.config.js allows exactly this text, by its hash, in the Content-Security-Policy.
export const EXECUTIVE_LIVE_SCRIPT = `addEventListener('DOMContentLoaded', () => {
	const status = document.getElementById('live-status');
	const events = new EventSource(location.pathname + '/events');
	const show = (text, state) => { status.textContent = text; status.dataset.state = state; status.hidden = false; };
	events.onopen = () => show('Live', 'live');
	events.onerror = () => show('Reconnecting…', 'reconnecting');
	events.addEventListener('revoked', () => location.reload());
	events.addEventListener('changed', async () => {
		const response = await fetch(location.href, { cache: 'no-store' });
		const page = new DOMParser().parseFromString(await response.text(), 'text/html');
		const next = page.getElementById('outcome');
		if (next) document.getElementById('outcome').replaceWith(next);
	});
});`;
