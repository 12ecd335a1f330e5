/**
 * Per-field fingerprints of canonical content: the baseline a side is compared with to know
 * whether it changed since the last sync (DESIGN §4.3). Short, stable, and free of the values
 * themselves, so a baseline stored in a record reveals nothing of the content.
 */
import { createHash } from 'crypto';

import type { FieldSpec } from './fieldMap';
import { comparable, type CanonicalRecord } from './values';

export type Fingerprints = Record<string, string>;

export function fingerprintValue(text: string): string {
	return createHash('sha256').update(text).digest('base64url').slice(0, 12);
}

export function fingerprint(fields: FieldSpec[], content: CanonicalRecord): Fingerprints {
	const result: Fingerprints = {};
	for (const spec of fields) result[spec.field] = fingerprintValue(comparable(spec.kind, content[spec.field] ?? null));
	return result;
}

/** A UUID (RFC 4122 version 5 layout) derived from a name, so the same source record always gets the same sync id. */
export function nameBasedUuid(name: string): string {
	const bytes = createHash('sha1').update(`n8n-nodes-exchange-zoho-sync:${name}`).digest().subarray(0, 16);
	bytes[6] = (bytes[6] & 0x0f) | 0x50;
	bytes[8] = (bytes[8] & 0x3f) | 0x80;
	const hex = bytes.toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
