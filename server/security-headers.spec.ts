import { describe, expect, it } from 'vitest';
import { frameAncestors, securityHeaders } from './security-headers.ts';

const plain = { https: false, embedOrigins: [] };
const embedding = { https: false, embedOrigins: ['https://wiki.example.com'] };

describe('frameAncestors', () => {
	it('[FBU4] lets any site frame the widget form, and no other page of the portal', () => {
		expect(frameAncestors('/p/acme/embed', plain)).toBe('frame-ancestors *');
		expect(securityHeaders('/p/acme/embed', plain)['x-frame-options']).toBeUndefined();
		expect(frameAncestors('/p/acme', plain)).toBe("frame-ancestors 'none'");
		expect(frameAncestors('/p/acme/embed/extra', plain)).toBe("frame-ancestors 'none'");
		expect(securityHeaders('/p/acme', plain)['x-frame-options']).toBe('DENY');
	});

	it('[W1] lets only EMBED_ORIGINS frame the executive page, and nobody the room', () => {
		expect(frameAncestors('/x/token', plain)).toBe("frame-ancestors 'none'");
		expect(frameAncestors('/x/token', embedding)).toBe('frame-ancestors https://wiki.example.com');
		expect(frameAncestors('/w/abc', embedding)).toBe("frame-ancestors 'none'");
		expect(securityHeaders('/w/abc', embedding)['x-frame-options']).toBe('DENY');
	});
});
