import { describe, expect, it } from 'vitest';
import { createLogger, logFormat, logRecord } from './log.ts';

const at = new Date('2026-12-07T10:11:12.345Z');

function capture(format: 'json' | 'pretty') {
	const lines: string[] = [];
	const log = createLogger({ format, write: (line) => lines.push(line), now: () => at });
	return { log, lines };
}

describe('createLogger', () => {
	it('[SO6] writes one JSON object a line: time, level, msg, then the details', () => {
		const { log, lines } = capture('json');
		log('applied migrations', { versions: [1, 2] });
		log.warn('slow', { ms: 12 });
		expect(lines).toEqual([
			'{"time":"2026-12-07T10:11:12.345Z","level":"info","msg":"applied migrations","versions":[1,2]}',
			'{"time":"2026-12-07T10:11:12.345Z","level":"warn","msg":"slow","ms":12}'
		]);
	});

	it('[SO6] logs a line carrying an error at level error, the error as err on the same line', () => {
		const { log, lines } = capture('json');
		log('group commit failed; retrying', { error: 'Error: boom' });
		log.error('import failed', { err: new Error('bad\nrow') });
		const [first, second] = lines.map((line) => JSON.parse(line));
		expect(first).toEqual({
			time: at.toISOString(),
			level: 'error',
			msg: 'group commit failed; retrying',
			err: 'Error: boom'
		});
		expect(second.err).toMatch(/^Error: bad\nrow\n\s+at /);
		expect(lines[1]).not.toContain('\n');
	});

	it('[SO6] writes human-readable lines in the pretty format, the error indented below', () => {
		const { log, lines } = capture('pretty');
		log('socket error', { room: 'board:abcdefghijklmnop', error: 'Error: reset' });
		expect(lines).toEqual([
			'10:11:12.345 error socket error workshopId=abcdefghijklmnop room=board:abcdefghijklmnop\n  Error: reset'
		]);
	});
});

describe('logRecord', () => {
	it('[SO6] names the workshop as workshopId whether given as workshopId, workshop or a document name', () => {
		expect(logRecord('info', 'm', { workshopId: 'w1' }, at).workshopId).toBe('w1');
		expect(logRecord('info', 'm', { workshop: 'w2' }, at)).toEqual({
			time: at.toISOString(),
			level: 'info',
			msg: 'm',
			workshopId: 'w2'
		});
		expect(logRecord('info', 'm', { name: 'ballot:w3:u1' }, at).workshopId).toBe('w3');
		expect(logRecord('info', 'm', { room: 'tally:w4' }, at).workshopId).toBe('w4');
		expect(logRecord('info', 'm', { name: 'not a document' }, at)).not.toHaveProperty('workshopId');
	});

	it('never lets details overwrite time, level or msg', () => {
		const record = logRecord('info', 'real', { msg: 'fake', level: 'error', time: 0 }, at);
		expect(record).toMatchObject({ time: at.toISOString(), level: 'info', msg: 'real' });
	});
});

describe('logFormat', () => {
	it('[SO6] is pretty on a terminal and JSON otherwise, unless LOG_FORMAT says', () => {
		expect(logFormat({}, true)).toBe('pretty');
		expect(logFormat({}, false)).toBe('json');
		expect(logFormat({ LOG_FORMAT: 'json' }, true)).toBe('json');
		expect(logFormat({ LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
		expect(() => logFormat({ LOG_FORMAT: 'xml' }, false)).toThrow(/LOG_FORMAT/);
	});
});
