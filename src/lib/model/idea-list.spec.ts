import { describe, expect, it } from 'vitest';
import { parseIdeaList } from './idea-list.ts';

describe('parseIdeaList', () => {
	it('reads one idea per line, without bullets, numbers, blank lines or repeats', () => {
		const text =
			'- Dark mode\n* SSO\n\n• Offline mode\n1. Export to PDF\n2) sso\n  Faster search  \r\n';
		expect(parseIdeaList(text).map((idea) => idea.title)).toEqual([
			'Dark mode',
			'SSO',
			'Offline mode',
			'Export to PDF',
			'Faster search'
		]);
	});

	it('cuts a line longer than a title may be, and says so', () => {
		const [idea] = parseIdeaList('x'.repeat(250));
		expect(idea.title).toHaveLength(200);
		expect(idea.cut).toBe(true);
	});

	it('keeps a line that only starts like a number', () => {
		expect(parseIdeaList('3D previews')[0].title).toBe('3D previews');
	});
});
