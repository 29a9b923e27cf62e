import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** A random identifier of 80 bits, URL-safe (16 characters). */
export function newId(): string {
	const bytes = new Uint8Array(10);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}
