import { describe, expect, it } from 'vitest';
import { xmlProblem } from './xml-check.ts';

describe('xmlProblem', () => {
	it('accepts a well-formed document', () => {
		expect(
			xmlProblem(
				'<?xml version="1.0"?>\n<svg a="1 &amp; 2"><g><text>x &lt; y</text><rect/></g><!-- c --></svg>'
			)
		).toBeNull();
	});

	it.each([
		['<svg><g></svg>', '</svg> closes <g>'],
		['<svg><text>a & b</text></svg>', 'a bare & in text'],
		['<svg a="1" a="2"/>', 'attribute a twice'],
		['<svg a=1/>', 'a < that starts no tag'],
		['<svg/><svg/>', 'a second root element'],
		['<svg><text>1 < 2</text></svg>', 'a < that starts no tag'],
		['<svg>', '<svg> is never closed']
	])('finds the problem in %s', (xml, problem) => {
		expect(xmlProblem(xml)).toContain(problem);
	});
});
