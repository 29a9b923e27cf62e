/**
 * A well-formedness check for the XML our renderers write, for tests (Node has no XML parser):
 * one root element, tags that nest and close, quoted attributes without duplicates, and `&` only
 * in entities. Returns the first problem, or null. Not a general XML parser: no DTD, no CDATA.
 */
const TOKEN =
	/<\?xml[^?]*\?>|<!--[\s\S]*?-->|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*"[^"<]*")*)\s*(\/?)>|([^<]+)|</g;
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
const ATTRIBUTE = /([A-Za-z_][\w:.-]*)\s*=\s*"([^"<]*)"/g;

function badAmpersand(text: string): boolean {
	return text.replace(ENTITY, '').includes('&');
}

export function xmlProblem(xml: string): string | null {
	const stack: string[] = [];
	let roots = 0;
	for (const match of xml.matchAll(TOKEN)) {
		const [token, closing, name, attributes, selfClosing, content] = match;
		const at = `at offset ${match.index}`;
		if (content !== undefined) {
			if (stack.length === 0 && content.trim()) return `text outside the root ${at}`;
			if (badAmpersand(content)) return `a bare & in text ${at}`;
			if (content.includes(']]>')) return `]]> in text ${at}`;
			continue;
		}
		if (token.startsWith('<?xml')) {
			if (match.index !== 0) return `an XML declaration not at the start ${at}`;
			continue;
		}
		if (token.startsWith('<!--')) continue;
		if (name === undefined) return `a < that starts no tag ${at}`;
		if (closing) {
			if (attributes || selfClosing) return `a closing tag with attributes ${at}`;
			const open = stack.pop();
			if (open !== name) return `</${name}> closes <${open ?? 'nothing'}> ${at}`;
			continue;
		}
		const seen = new Set<string>();
		for (const [, attribute, value] of attributes.matchAll(ATTRIBUTE)) {
			if (seen.has(attribute)) return `attribute ${attribute} twice ${at}`;
			seen.add(attribute);
			if (badAmpersand(value)) return `a bare & in attribute ${attribute} ${at}`;
		}
		if (stack.length === 0 && ++roots > 1) return `a second root element <${name}> ${at}`;
		if (!selfClosing) stack.push(name);
	}
	if (stack.length > 0) return `<${stack.at(-1)}> is never closed`;
	return roots === 1 ? null : 'no root element';
}
