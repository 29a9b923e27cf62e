import { parseDocumentName } from '../sync/documents.ts';

export type Level = 'info' | 'warn' | 'error';

/**
 * Called as `log(message, details)` like the rest of the server expects (level info, or error
 * when the details carry an `error`), or with the level named: `log.warn(…)`.
 */
export interface Logger {
	(message: string, details?: Record<string, unknown>): void;
	info(message: string, details?: Record<string, unknown>): void;
	warn(message: string, details?: Record<string, unknown>): void;
	error(message: string, details?: Record<string, unknown>): void;
}

export type LogFormat = 'json' | 'pretty';

export interface LoggerOptions {
	format?: LogFormat;
	/** Receives each line without its newline; stdout by default. */
	write?: (line: string) => void;
	now?: () => Date;
}

/**
 * `LOG_FORMAT=json` or `pretty`; unset, JSON unless stdout is a terminal (a person reading it).
 */
export function logFormat(env: NodeJS.ProcessEnv, isTTY: boolean): LogFormat {
	if (env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty') return env.LOG_FORMAT;
	if (env.LOG_FORMAT) throw new Error(`LOG_FORMAT must be json or pretty, got ${env.LOG_FORMAT}`);
	return isTTY ? 'pretty' : 'json';
}

/**
 * The workshop a line concerns. Callers name it `workshopId`, `workshop`, or give a document's
 * name (`room`, `name`, `document`: `board:<id>`), so every line about a workshop can be found
 * by its id.
 */
function workshopOf(details: Record<string, unknown>): string | undefined {
	for (const key of ['workshopId', 'workshop']) {
		if (typeof details[key] === 'string') return details[key];
	}
	for (const key of ['room', 'name', 'document']) {
		const value = details[key];
		if (typeof value === 'string') {
			const address = parseDocumentName(value);
			if (address) return address.workshopId;
		}
	}
	return undefined;
}

function errorText(error: unknown): string {
	return error instanceof Error ? (error.stack ?? String(error)) : String(error);
}

/** One log record: time, level, msg, workshopId when known, the details, err last. */
export function logRecord(
	level: Level,
	message: string,
	details: Record<string, unknown> = {},
	time = new Date()
): Record<string, unknown> {
	const { error, err, workshop, workshopId, ...rest } = details;
	const record: Record<string, unknown> = { time: time.toISOString(), level, msg: message };
	const id = workshopOf({ workshop, workshopId, ...rest });
	if (id) record.workshopId = id;
	for (const [key, value] of Object.entries(rest)) {
		if (!(key in record)) record[key] = value;
	}
	const failure = err ?? error;
	if (failure !== undefined) record.err = errorText(failure);
	return record;
}

function json(value: unknown): string {
	return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

function pretty(record: Record<string, unknown>): string {
	const { time, level, msg, err, ...rest } = record;
	const fields = Object.entries(rest).map(
		([key, value]) => `${key}=${typeof value === 'string' ? value : json(value)}`
	);
	const head = `${String(time).slice(11, 23)} ${String(level).padEnd(5)} ${String(msg)}`;
	const line = [head, ...fields].join(' ');
	return err === undefined ? line : `${line}\n  ${String(err).replace(/\n/g, '\n  ')}`;
}

export function createLogger(options: LoggerOptions = {}): Logger {
	const format = options.format ?? 'json';
	const write = options.write ?? ((line: string) => void process.stdout.write(line + '\n'));
	const now = options.now ?? (() => new Date());
	const at =
		(level: Level | null) =>
		(message: string, details?: Record<string, unknown>): void => {
			const chosen =
				level ?? (details?.error !== undefined || details?.err !== undefined ? 'error' : 'info');
			const record = logRecord(chosen, message, details, now());
			write(format === 'json' ? json(record) : pretty(record));
		};
	return Object.assign(at(null), { info: at('info'), warn: at('warn'), error: at('error') });
}

/** The process's logger, as the environment asks. */
export const log: Logger = createLogger({
	format: logFormat(process.env, process.stdout.isTTY === true)
});
