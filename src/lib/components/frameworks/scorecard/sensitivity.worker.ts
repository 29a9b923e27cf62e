import {
	sensitivity,
	type SensitivityInput,
	type SensitivityResult
} from '$lib/model/sensitivity.ts';

/**
 * Runs `sensitivity` off the main thread, so a thousand weightings never stall the room's UI.
 * Load it as a module worker, which Vite bundles from this URL:
 * `new Worker(new URL('./sensitivity.worker.ts', import.meta.url), { type: 'module' })`.
 * Each request carries an id that its answer echoes, so a caller that sent newer weights can drop
 * an answer to older ones.
 */

export interface SensitivityRequest {
	id: number;
	input: SensitivityInput;
}

export type SensitivityResponse =
	{ id: number; result: SensitivityResult } | { id: number; error: string };

self.onmessage = (event: MessageEvent<SensitivityRequest>) => {
	const { id, input } = event.data;
	let response: SensitivityResponse;
	try {
		response = { id, result: sensitivity(input) };
	} catch (error) {
		// A thrown error would reach only the worker's onerror, without the request it belongs to.
		response = { id, error: error instanceof Error ? error.message : String(error) };
	}
	self.postMessage(response);
};
