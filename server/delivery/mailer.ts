import nodemailer from 'nodemailer';
import type { Email } from './email.ts';

/** A refusal the server will repeat (SMTP 5xx): the address is marked undeliverable. */
export class PermanentMailError extends Error {
	name = 'PermanentMailError';
}

/**
 * Sends an email, or — with no SMTP server configured — says so, and the delivery loop keeps the
 * message for the Sent mail page instead (`stores`), so nothing is silently dropped.
 */
export interface Mailer {
	readonly stores: boolean;
	send(email: Email): Promise<void>;
	close(): void;
}

export function createMailer(smtpUrl: string | undefined, from: string): Mailer {
	if (!smtpUrl) return { stores: true, send: async () => {}, close() {} };
	// A pool keeps a few connections open: 10,000 messages are not 10,000 handshakes.
	const url = new URL(smtpUrl);
	url.searchParams.set('pool', 'true');
	if (!url.searchParams.has('maxConnections')) url.searchParams.set('maxConnections', '5');
	const transport = nodemailer.createTransport(url.toString());
	return {
		stores: false,
		async send(email) {
			try {
				await transport.sendMail({
					from,
					to: email.to,
					subject: email.subject,
					text: email.text,
					html: email.html,
					headers: email.headers
				});
			} catch (error) {
				const code = (error as { responseCode?: number }).responseCode;
				if (code !== undefined && code >= 500 && code < 600) {
					throw new PermanentMailError(`${code}: ${(error as Error).message}`);
				}
				throw error;
			}
		},
		close: () => transport.close()
	};
}
