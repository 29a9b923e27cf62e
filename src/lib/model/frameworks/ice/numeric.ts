import { estimateFramework } from '../numeric.ts';
import { checkIce } from './check.ts';
import { ICE, iceScore } from './ice.ts';

// Each estimate framework writes a person's score with a function of its own: returned by
// `shape.formula` through a call site the three frameworks share, every score was boxed on the heap.
export const iceFramework = estimateFramework(ICE, checkIce, (entry, out, at) => {
	out[at] = iceScore(entry);
});
