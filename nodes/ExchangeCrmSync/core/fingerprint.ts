/**
 * Per-field fingerprints of canonical content: the baseline a side is compared with to know
 * whether it changed since the last sync (DESIGN §4.3). Short, stable, and free of the values
 * themselves, so a baseline stored in a record reveals nothing of the content.
 */
import { createHash } from 'crypto';

import type { FieldSpec } from './fieldMap';
import { comparable, type CanonicalRecord, type CanonicalValue, type ValueKind } from './values';

export type Fingerprints = Record<string, string>;

/**
 * A 64-bit hash of a field's comparable form (two 32-bit FNV-1a style lanes with different
 * multipliers), as 14 base-36 characters. Fast enough for every field of every record of a full
 * scan; fingerprints only detect change, they are not a security boundary.
 */
function fingerprintValue(text: string): string {
	if (text === NULL_TEXT) return NULL_FINGERPRINT;
	return hash(text);
}

/** A short hash of a text (see fingerprintValue), e.g. to tell one body from another without keeping it. */
export function hash(text: string): string {
	let low = 0x811c9dc5;
	let high = 0x9e3779b9;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		low = Math.imul(low ^ code, 0x01000193);
		high = Math.imul(high ^ code, 0x5bd1e995);
		high ^= high >>> 15;
	}
	const part = (value: number) => (value >>> 0).toString(36).padStart(7, '0');
	return part(low) + part(high);
}

/** Most fields of most records are empty: their fingerprint is computed once. */
const NULL_TEXT = 'null';
const NULL_FINGERPRINT = hash(NULL_TEXT);

/** The fingerprint of one field's value. */
export const fieldFingerprint = (kind: ValueKind, value: CanonicalValue): string => fingerprintValue(comparable(kind, value));

/** Fingerprints of the fields the content has (a field a record does not hold has none). */
export function fingerprint(fields: FieldSpec[], content: CanonicalRecord): Fingerprints {
	const result: Fingerprints = {};
	for (const spec of fields) {
		if (spec.field in content) result[spec.field] = fieldFingerprint(spec.kind, content[spec.field] ?? null);
	}
	return result;
}

/** One short hash of a record's whole content, from its field fingerprints. */
export function contentHash(fp: Fingerprints): string {
	return hash(
		Object.keys(fp)
			.sort()
			.map((field) => `${field}=${fp[field]}`)
			.join('&'),
	);
}

/** A UUID (RFC 4122 version 5 layout) derived from a name, so the same source record always gets the same sync id. */
export function nameBasedUuid(name: string): string {
	const bytes = createHash('sha1').update(`n8n-nodes-exchange-zoho-sync:${name}`).digest().subarray(0, 16);
	bytes[6] = (bytes[6] & 0x0f) | 0x50;
	bytes[8] = (bytes[8] & 0x3f) | 0x80;
	const hex = bytes.toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
