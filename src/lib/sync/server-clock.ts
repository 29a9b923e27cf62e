/**
 * The server's clock as seen from this browser. Countdowns run on the server's time (SPEC [T1]),
 * so every client needs the difference between the server's clock and its own `Date.now()`.
 */

/** One `GET /api/v1/time` round trip, in local milliseconds around the server's reading. */
export interface ClockSample {
	sentAt: number;
	serverNow: number;
	receivedAt: number;
}

/**
 * The server's clock minus ours from one sample: the server's reading is taken to be from the
 * middle of the round trip (as NTP does), so the error is at most half the round trip.
 */
export function sampleOffset(sample: ClockSample): number {
	return sample.serverNow - (sample.sentAt + sample.receivedAt) / 2;
}

/**
 * The offset from the sample with the shortest round trip, whose error bound is smallest; `null`
 * without samples.
 */
export function bestOffset(samples: readonly ClockSample[]): number | null {
	let best: ClockSample | null = null;
	for (const sample of samples) {
		if (best === null || sample.receivedAt - sample.sentAt < best.receivedAt - best.sentAt) {
			best = sample;
		}
	}
	return best === null ? null : sampleOffset(best);
}

export interface MeasureOptions {
	/** How many round trips to take; the shortest wins. */
	samples?: number;
	now?: () => number;
}

/**
 * Measures the offset (server minus local ms) with a few sequential requests; `null` when none
 * answered, in which case the local clock has to stand in.
 */
export async function measureServerOffset(
	fetcher: typeof fetch = fetch,
	{ samples = 3, now = () => Date.now() }: MeasureOptions = {}
): Promise<number | null> {
	const taken: ClockSample[] = [];
	for (let i = 0; i < samples; i++) {
		try {
			const sentAt = now();
			const response = await fetcher('/api/v1/time', { cache: 'no-store' });
			const body: unknown = await response.json();
			const receivedAt = now();
			const serverNow = (body as { now?: unknown } | null)?.now;
			if (response.ok && typeof serverNow === 'number') {
				taken.push({ sentAt, serverNow, receivedAt });
			}
		} catch {
			// One lost sample is not worth failing for; the others may still answer.
		}
	}
	return bestOffset(taken);
}
