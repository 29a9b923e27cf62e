// The executive page's only script, inlined so that the page loads no script file: it listens for
// changes and swaps in the freshly rendered outcome, and reloads when the link is revoked to show
// why. svelte.config.js allows exactly this text, by its hash, in the Content-Security-Policy.
export const EXECUTIVE_LIVE_SCRIPT = `addEventListener('DOMContentLoaded', () => {
	const status = document.getElementById('live-status');
	const events = new EventSource(location.pathname + '/events');
	events.onopen = () => { status.textContent = 'Live'; status.dataset.state = 'live'; };
	events.onerror = () => { status.textContent = 'Reconnecting…'; status.dataset.state = 'reconnecting'; };
	events.addEventListener('revoked', () => location.reload());
	events.addEventListener('changed', async () => {
		const response = await fetch(location.href, { cache: 'no-store' });
		const page = new DOMParser().parseFromString(await response.text(), 'text/html');
		const next = page.getElementById('outcome');
		if (next) document.getElementById('outcome').replaceWith(next);
	});
});`;
