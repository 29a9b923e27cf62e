/** How often the health of a server the room cannot reach is asked again. */
const PROBE_MS = 3000;

/**
 * Whether the server says it is in trouble (503 from /api/v1/health, e.g. while its database is
 * down). A browser sees a refused WebSocket upgrade only as a failed connection, with no status,
 * so while the room cannot connect it asks the API instead, which can say why.
 */
export class ServerHealth {
	troubled = $state(false);

	/** Probes while `failing`; the returned function stops (for an $effect's cleanup). */
	watch(failing: boolean): () => void {
		if (!failing) {
			this.troubled = false;
			return () => {};
		}
		let stopped = false;
		let timer: ReturnType<typeof setTimeout> | undefined;
		const probe = async () => {
			try {
				const response = await fetch('/api/v1/health', { cache: 'no-store' });
				if (!stopped) this.troubled = response.status === 503;
			} catch {
				// The network itself is down: that is the connection's own state, not the server's.
				if (!stopped) this.troubled = false;
			}
			if (!stopped) timer = setTimeout(probe, PROBE_MS);
		};
		void probe();
		return () => {
			stopped = true;
			clearTimeout(timer);
		};
	}
}
