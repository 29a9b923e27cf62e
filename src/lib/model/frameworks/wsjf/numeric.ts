import { estimateFramework } from '../numeric.ts';
import { checkWsjf } from './check.ts';
import { WSJF, wsjfScore } from './wsjf.ts';

// Each estimate framework writes a person's score with a function of its own: returned by
// `shape.formula` through a call site the three frameworks share, every score was boxed on the heap.
export const wsjfFramework = estimateFramework(WSJF, checkWsjf, (entry, out, at) => {
	out[at] = wsjfScore(entry);
});
