import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { mapHeader, overrideMapping, parseDate, readRow, RowError } from './csv-formats.ts';

const fixture = (name: string) =>
	parse(readFileSync(`tests/fixtures/feedback/${name}`), {
		relax_column_count: true
	}) as string[][];

describe('mapHeader', () => {
	it('[FB3] maps a Jira export, every repeated Labels, Component/s and Comment column included', () => {
		const [header] = fixture('jira-export.csv');
		const { mapping, missing } = mapHeader('jira', header);
		expect(missing).toEqual([]);
		const names = (field: keyof typeof mapping) => mapping[field]!.map((i) => header[i]);
		expect(names('externalId')).toEqual(['Issue key']);
		expect(names('title')).toEqual(['Summary']);
		expect(names('tags')).toEqual(['Labels', 'Labels', 'Labels', 'Component/s', 'Component/s']);
		expect(names('comments')).toEqual(['Comment', 'Comment', 'Comment']);
		expect(names('votes')).toEqual(['Votes']);
	});

	it('maps a Linear export: ID, Title, Description, Labels, Created', () => {
		const [header] = fixture('linear-export.csv');
		const { mapping, missing } = mapHeader('linear', header);
		expect(missing).toEqual([]);
		expect(mapping.externalId!.map((i) => header[i])).toEqual(['ID']);
		expect(mapping.title!.map((i) => header[i])).toEqual(['Title']);
		expect(mapping.tags!.map((i) => header[i])).toEqual(['Labels']);
		expect(mapping.created!.map((i) => header[i])).toEqual(['Created']);
	});

	it('says which required column a file lacks', () => {
		expect(mapHeader('jira', ['Summary', 'Labels']).missing).toEqual(['issue key']);
		expect(mapHeader('generic', ['email']).missing).toEqual(['title']);
	});

	it('lets a chosen column replace the automatic one', () => {
		const header = ['Idea', 'Headline'];
		const { mapping } = mapHeader('generic', header);
		expect(mapping.title).toEqual([0]);
		expect(overrideMapping(mapping, header, { title: 'headline' }).title).toEqual([1]);
	});
});

describe('readRow', () => {
	it('reads a Jira issue: labels and components as tags, votes, each comment as feedback', () => {
		const [header, first] = fixture('jira-export.csv');
		const { mapping } = mapHeader('jira', header);
		const row = readRow('jira', mapping, first, 2);
		expect(row.idea).toEqual({
			key: 'ROAD-101',
			title: 'Export the roadmap as PDF',
			description:
				'Customers ask to send the roadmap to their board.\nA PDF with our logo would do.',
			tags: ['export', 'pdf', 'exports'],
			votes: 7
		});
		expect(row.feedback.map((f) => [f.key, f.text, f.receivedAt?.toISOString()])).toEqual([
			['ROAD-101#comment-1', 'Acme asked again on the QBR call', '2026-11-05T10:15:00.000Z'],
			[
				'ROAD-101#comment-2',
				'Same ask from Globex, "urgent" before renewal',
				'2026-11-12T16:02:00.000Z'
			]
		]);
	});

	it('refuses a Jira row without a summary, and one whose votes are not a number', () => {
		const [header, , , missing, badVotes] = fixture('jira-export.csv');
		const { mapping } = mapHeader('jira', header);
		expect(() => readRow('jira', mapping, missing, 5)).toThrow(new RowError('the title is empty'));
		expect(() => readRow('jira', mapping, badVotes, 6)).toThrow(/Votes "three" is not a number/);
	});

	it('reads Linear labels from one comma-separated column', () => {
		const [header, first] = fixture('linear-export.csv');
		const row = readRow('linear', mapHeader('linear', header).mapping, first, 2);
		expect(row.idea).toMatchObject({
			key: 'ENG-412',
			title: 'Bulk edit ideas',
			tags: ['feature', 'ux']
		});
		expect(row.feedback).toEqual([]);
	});

	it('reads a generic row as an idea keyed by title and one request from its requester', () => {
		const [header, first] = fixture('generic.csv');
		const row = readRow('generic', mapHeader('generic', header).mapping, first, 2);
		expect(row.idea.key).toBe('title:export the roadmap as pdf');
		expect(row.feedback).toEqual([
			{
				key: 'title:export the roadmap as pdf#ana@acme.test#We need this for our board',
				text: 'We need this for our board',
				email: 'ana@acme.test',
				name: 'Ana',
				company: { name: 'Acme', arr: 120000, segment: 'enterprise' },
				receivedAt: null
			}
		]);
	});
});

describe('parseDate', () => {
	it("reads Jira's dd/MMM/yy h:mm AM and ISO 8601", () => {
		expect(parseDate('04/Nov/26 9:12 PM')?.toISOString()).toBe('2026-11-04T21:12:00.000Z');
		expect(parseDate('2026-11-02T10:11:12.000Z')?.toISOString()).toBe('2026-11-02T10:11:12.000Z');
		expect(parseDate('not a date')).toBeNull();
	});
});
