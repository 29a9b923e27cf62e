/** "4:05" for a countdown, "1:02:03" past an hour; rounds up, so 0:00 shows only at the end. */
export function formatCountdown(ms: number): string {
	const total = Math.max(0, Math.ceil(ms / 1000));
	const hours = Math.floor(total / 3600);
	const minutes = Math.floor((total % 3600) / 60);
	const seconds = String(total % 60).padStart(2, '0');
	return hours > 0
		? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`
		: `${minutes}:${seconds}`;
}

/**
 * The server's clock minus this browser's, from one request: the server's reading is taken to be
 * from the middle of the round trip (as NTP does), which is within half the trip either way.
 */
export function clockOffset(sentAt: number, serverNow: number, receivedAt: number): number {
	return serverNow - (sentAt + receivedAt) / 2;
}
