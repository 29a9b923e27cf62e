import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SensitivityRequest, SensitivityResponse } from './sensitivity.worker.ts';

/** Node has no worker scope: stand in for `self`, then load the worker module into it. */
async function loadWorker() {
	const scope = {
		onmessage: null as ((event: MessageEvent<SensitivityRequest>) => void) | null,
		postMessage: vi.fn<(response: SensitivityResponse) => void>()
	};
	vi.stubGlobal('self', scope);
	vi.resetModules();
	await import('./sensitivity.worker.ts');
	const send = (data: SensitivityRequest) => scope.onmessage!({ data } as MessageEvent);
	return { send, posted: scope.postMessage };
}

afterEach(() => {
	vi.unstubAllGlobals();
});

describe('sensitivity.worker', () => {
	it('answers a request with its id and the result', async () => {
		const { send, posted } = await loadWorker();
		const criteria = [{ id: 'c', name: 'C', weight: 1, direction: 'benefit' as const }];
		const breakdown = (median: number) => [
			{ criterionId: 'c', count: 1, median, contribution: median, weighted: median }
		];
		send({
			id: 7,
			input: {
				criteria,
				draws: 10,
				rows: [
					{ ideaId: 'a', rank: 1, count: 1, composite: 5, breakdown: breakdown(5) },
					{ ideaId: 'b', rank: 2, count: 1, composite: 2, breakdown: breakdown(2) }
				]
			}
		});
		const response = posted.mock.calls[0][0];
		expect(response.id).toBe(7);
		expect('result' in response && response.result.ideas.map((i) => i.firstShare)).toEqual([1, 0]);
	});

	it('answers a request it cannot run with the error, not silence', async () => {
		const { send, posted } = await loadWorker();
		send({ id: 8, input: { rows: [], criteria: [], draws: 0 } });
		expect(posted).toHaveBeenCalledWith({ id: 8, error: 'draws must be a whole number ≥ 1' });
	});
});
