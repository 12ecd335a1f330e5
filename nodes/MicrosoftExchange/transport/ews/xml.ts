/**
 * ews-javascript-api writes every string into the SOAP body as it is (element text and attribute
 * values alike), so a subject such as `Tom & Jerry <x>` would produce malformed XML. Every string
 * the node hands to the client goes through `xmlText` first; this is the only place that knows how.
 */
const XML_ENTITIES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&apos;',
};

// XML 1.0 forbids most control characters even when escaped; Exchange rejects them.
const FORBIDDEN_XML_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xmlText(value: string): string {
	return value.replace(FORBIDDEN_XML_CHARACTERS, '').replace(/[&<>"']/g, (character) => XML_ENTITIES[character]);
}

/** `xmlText` for optional values: null, undefined and empty strings stay absent. */
export function optionalXmlText(value: string | null | undefined): string | undefined {
	return value === null || value === undefined || value === '' ? undefined : xmlText(value);
}
