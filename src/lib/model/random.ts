/**
 * Mulberry32: a small 32-bit seeded generator, fast and good enough for sampling; returns numbers
 * in [0, 1). Seeded rather than Math.random wherever a result must be reproducible: a chart shown
 * to the room, the sample workshop the benchmarks and tests use, a failing randomized test run.
 */
export function mulberry32(seed: number): () => number {
	let a = seed | 0;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
