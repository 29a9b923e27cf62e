/**
 * Ids for the criteria, objectives and key results a facilitator adds. readSettings lists criteria
 * and objectives by id, so an id starts with its creation time (base 36, eight characters until
 * 2059) and new items keep the order they were added in; the random tail keeps two facilitators
 * adding in the same millisecond apart.
 */
export function newId(prefix: string, now = Date.now(), tail = randomTail()): string {
	return `${prefix}-${now.toString(36).padStart(8, '0')}-${tail}`;
}

function randomTail(): string {
	const bytes = new Uint8Array(3);
	crypto.getRandomValues(bytes);
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
