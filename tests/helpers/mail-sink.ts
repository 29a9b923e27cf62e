import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface MailSink {
	/** smtp://127.0.0.1:<port> for SMTP_URL. */
	url: string;
	messages: ParsedMail[];
	/** Recipients the server answers 550 for (a bounce). */
	reject: Set<string>;
	/** Resolves once `count` messages have arrived (or rejects after `timeoutMs`). */
	waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
	to(address: string): ParsedMail[];
	close(): Promise<void>;
}

/** A real SMTP server (smtp-server) on a free port that parses and keeps every message. */
export async function startMailSink(): Promise<MailSink> {
	const messages: ParsedMail[] = [];
	const reject = new Set<string>();
	const waiters: (() => void)[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onRcptTo(address, _session, callback) {
			if (reject.has(address.address.toLowerCase())) {
				callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
			} else callback();
		},
		onData(stream, _session, callback) {
			simpleParser(stream).then(
				(mail) => {
					messages.push(mail);
					waiters.splice(0).forEach((wake) => wake());
					callback();
				},
				(error) => callback(error)
			);
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.server.address() as AddressInfo;
	const sink: MailSink = {
		url: `smtp://127.0.0.1:${port}`,
		messages,
		reject,
		async waitFor(count, timeoutMs = 15_000) {
			const deadline = Date.now() + timeoutMs;
			while (messages.length < count) {
				if (Date.now() > deadline) {
					throw new Error(`expected ${count} messages, got ${messages.length}`);
				}
				await new Promise<void>((resolve) => {
					waiters.push(resolve);
					setTimeout(resolve, 200);
				});
			}
			return messages;
		},
		to: (address) =>
			messages.filter((m) =>
				[m.to]
					.flat()
					.some((t) => t?.value.some((v) => v.address?.toLowerCase() === address.toLowerCase()))
			),
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
	return sink;
}

export interface ReceivedHook {
	headers: IncomingHttpHeaders;
	body: string;
	status: number;
}

export interface HookReceiver {
	url: string;
	received: ReceivedHook[];
	/** Answers each request with the next status here, then 200. */
	statuses: number[];
	waitFor(count: number, timeoutMs?: number): Promise<ReceivedHook[]>;
	close(): Promise<void>;
}

/** A real HTTP server that records webhook requests and answers as told. */
export async function startHookReceiver(): Promise<HookReceiver> {
	const received: ReceivedHook[] = [];
	const statuses: number[] = [];
	const server: Server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			const status = statuses.shift() ?? 200;
			received.push({ headers: req.headers, body, status });
			res.writeHead(status).end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/hooks`,
		received,
		statuses,
		async waitFor(count, timeoutMs = 15_000) {
			const deadline = Date.now() + timeoutMs;
			while (received.length < count) {
				if (Date.now() > deadline) {
					throw new Error(`expected ${count} webhook requests, got ${received.length}`);
				}
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			return received;
		},
		close() {
			server.closeAllConnections();
			return new Promise((resolve) => server.close(() => resolve()));
		}
	};
}
