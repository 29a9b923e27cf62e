import { dev } from '$app/environment';
import { error } from '@sveltejs/kit';

// Checked on the server so that a production build answers a real 404, not a client-side error.
export function load() {
	if (!dev) error(404);
}
