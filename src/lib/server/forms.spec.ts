import { describe, expect, it } from 'vitest';
import { safeNext } from './forms.ts';

/** Where a browser goes when a page on `origin` answers with `Location: <location>`. */
function landsOn(location: string, origin = 'https://converge.example'): string {
	return new URL(location, origin).origin;
}

describe('safeNext', () => {
	it('[U1] keeps paths on this site, with their query and fragment', () => {
		expect(safeNext('/w/abc')).toBe('/w/abc');
		expect(safeNext('/join/xyz?from=mail#top')).toBe('/join/xyz?from=mail#top');
		expect(safeNext('/a/../b')).toBe('/b');
		expect(safeNext(null)).toBe('/');
		expect(safeNext('', '')).toBe('');
	});

	// Known open-redirect bypasses: each one, handed to a browser as a Location, must not leave
	// the site. Most must be refused; a few are harmless once re-serialised.
	const bypasses = [
		'//evil.example',
		'///evil.example',
		'/\\evil.example',
		'/\\/evil.example',
		'\\\\evil.example',
		'/\t/evil.example',
		'/%09/evil.example',
		'/\n/evil.example',
		'/\r/evil.example',
		'/\r\n/evil.example',
		'\t//evil.example',
		'/ /evil.example',
		'/.//evil.example',
		'/./\\evil.example',
		'/%2f%2fevil.example',
		'/%2F/evil.example',
		'/%5cevil.example',
		'/%5c%5cevil.example',
		'/@evil.example',
		'//user@evil.example',
		'/\\@evil.example',
		'https://evil.example',
		'http:evil.example',
		'https:/evil.example',
		'//evil.example/%2e%2e',
		'javascript:alert(1)',
		'JaVaScRiPt:alert(1)',
		'/javascript:alert(1)',
		'data:text/html,<script>alert(1)</script>',
		'evil.example',
		'\u0000/evil.example',
		'/\u0000/evil.example',
		'/\u007f/evil.example',
		'/\u3000/evil.example',
		'/ｅｖｉｌ.example'
	];

	it.each(bypasses)('[U1] never leaves the site for %j', (next) => {
		const location = safeNext(next);
		expect(landsOn(location)).toBe('https://converge.example');
		expect(location.startsWith('/') && !location.startsWith('//')).toBe(true);
		// A Location header must be a valid header value: no control characters, ASCII only.
		expect(location).toMatch(/^[\x21-\x7e]*$/);
		expect(() => new Headers({ location })).not.toThrow();
	});

	it('[U1] refuses tabs, newlines, carriage returns and backslashes outright', () => {
		for (const next of ['/\t/x', '/w\n', '/w\r', '/w\\x', '/w\u0000']) {
			expect(safeNext(next, 'fallback')).toBe('fallback');
		}
	});
});
