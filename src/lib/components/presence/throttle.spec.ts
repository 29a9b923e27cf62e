import { describe, expect, it } from 'vitest';
import { throttle, type Clock } from './throttle.ts';

/** A clock the test moves by hand, with its timers. */
function manualClock() {
	let time = 0;
	let timers: { at: number; run: () => void; id: number }[] = [];
	let ids = 0;
	const clock: Clock = {
		now: () => time,
		setTimeout: (run, ms) => {
			const id = ++ids;
			timers.push({ at: time + ms, run, id });
			return id;
		},
		clearTimeout: (id) => {
			timers = timers.filter((t) => t.id !== id);
		}
	};
	return {
		clock,
		advance(ms: number) {
			const end = time + ms;
			for (;;) {
				const next = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
				if (!next) break;
				time = next.at;
				timers = timers.filter((t) => t !== next);
				next.run();
			}
			time = end;
		}
	};
}

describe('throttle', () => {
	it('sends the first value at once and then at most one per interval, the latest', () => {
		const { clock, advance } = manualClock();
		const sent: number[] = [];
		const send = throttle((v: number) => sent.push(v), 50, clock);
		send.push(1);
		expect(sent).toEqual([1]);
		for (let i = 2; i <= 10; i++) {
			advance(5);
			send.push(i);
		}
		expect(sent).toEqual([1]);
		advance(100);
		expect(sent).toEqual([1, 10]);
	});

	it('sends at most 20 values a second at a 50 ms interval, however often it is offered one', () => {
		const { clock, advance } = manualClock();
		let count = 0;
		const send = throttle(() => count++, 50, clock);
		for (let i = 0; i < 1000; i++) {
			send.push(i);
			advance(1);
		}
		expect(count).toBeLessThanOrEqual(21);
		expect(count).toBeGreaterThanOrEqual(19);
	});

	it('sends a value at once when told, dropping the one that waited', () => {
		const { clock, advance } = manualClock();
		const sent: (number | null)[] = [];
		const send = throttle((v: number | null) => sent.push(v), 50, clock);
		send.push(1);
		send.push(2);
		send.now(null);
		advance(100);
		expect(sent).toEqual([1, null]);
	});
});
