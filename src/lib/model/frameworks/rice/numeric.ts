import { estimateFramework } from '../numeric.ts';
import { checkRice } from './check.ts';
import { RICE, riceScore } from './rice.ts';

// Each estimate framework writes a person's score with a function of its own: returned by
// `shape.formula` through a call site the three frameworks share, every score was boxed on the heap.
export const riceFramework = estimateFramework(RICE, checkRice, (entry, out, at) => {
	out[at] = riceScore(entry);
});
