/**
 * Canonical values: one normal form per kind of field, so that content that means the same on
 * both sides compares equal (trimmed text, lower-case e-mail, instants in UTC, dates as dates,
 * empty string ≡ null), and a comparable form for fingerprints (phones compared by digits).
 */
import { DateTime } from 'luxon';

export type CanonicalValue = string | number | boolean | null | string[];
export type CanonicalRecord = Record<string, CanonicalValue>;

export type ValueKind =
	| 'text'
	| 'multiline'
	| 'email'
	| 'phone'
	| 'date'
	| 'instant'
	| 'boolean'
	| 'number'
	| 'emailList'
	| 'dateList'
	| 'rrule';

export const VALUE_KINDS: ValueKind[] = [
	'text',
	'multiline',
	'email',
	'phone',
	'date',
	'instant',
	'boolean',
	'number',
	'emailList',
	'dateList',
	'rrule',
];

function text(raw: unknown): string | null {
	if (raw === undefined || raw === null) return null;
	const value = String(raw).normalize('NFC').trim();
	return value === '' ? null : value;
}

function isoDate(raw: unknown): string | null {
	const value = text(raw);
	if (value === null) return null;
	// A date-time keeps the calendar date it was written with (its own offset), never a shifted one.
	const parsed = DateTime.fromISO(value, { setZone: true });
	return parsed.isValid ? parsed.toISODate() : null;
}

function instant(raw: unknown): string | null {
	const value = text(raw);
	if (value === null) return null;
	const parsed = DateTime.fromISO(value, { setZone: true, zone: 'utc' });
	return parsed.isValid ? parsed.toUTC().toISO({ suppressMilliseconds: true }) : null;
}

function list(raw: unknown, normalise: (entry: unknown) => string | null): string[] | null {
	const entries = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [];
	const values = [...new Set(entries.map(normalise).filter((entry): entry is string => entry !== null))].sort();
	return values.length === 0 ? null : values;
}

/** Parts that say what RFC 5545 assumes anyway: Zoho writes INTERVAL=1, Exchange leaves it out. */
const DEFAULT_RRULE_PARTS = new Set(['INTERVAL=1', 'WKST=MO']);

/**
 * RRULE parts sorted by name, without the `RRULE:` prefix, without DTSTART (the start says it)
 * and without parts that only restate the defaults, so the same rule compares equal from either side.
 */
function normaliseRrule(raw: unknown): string | null {
	const value = text(raw);
	if (value === null) return null;
	const parts = value
		.replace(/^RRULE:/i, '')
		.split(';')
		.map((part) => part.trim().toUpperCase())
		.filter((part) => part !== '' && !part.startsWith('DTSTART=') && !DEFAULT_RRULE_PARTS.has(part));
	return parts.length === 0 ? null : parts.sort().join(';');
}

export function canonicalise(kind: ValueKind, raw: unknown): CanonicalValue {
	switch (kind) {
		case 'text':
			return text(raw);
		case 'multiline': {
			const value = text(typeof raw === 'string' ? raw.replace(/\r\n?/g, '\n') : raw);
			return value === null ? null : value.replace(/[ \t]+\n/g, '\n');
		}
		case 'email':
			return text(raw)?.toLowerCase() ?? null;
		case 'phone':
			return text(raw);
		case 'date':
			return isoDate(raw);
		case 'instant':
			return instant(raw);
		case 'boolean':
			// A checkbox never set reads as empty on one side and false on the other: both are false.
			return raw === true || raw === 'true';
		case 'number': {
			if (raw === undefined || raw === null || raw === '') return null;
			const value = Number(raw);
			return Number.isFinite(value) ? value : null;
		}
		case 'emailList':
			return list(raw, (entry) => text(entry)?.toLowerCase() ?? null);
		case 'dateList':
			return list(raw, isoDate);
		case 'rrule':
			return normaliseRrule(raw);
	}
}

/** The form two values are compared and fingerprinted in. */
export function comparable(kind: ValueKind, value: CanonicalValue): string {
	if (value === null) return 'null';
	if (kind === 'phone' && typeof value === 'string') return value.replace(/(?!^\+)[^0-9]/g, '');
	return JSON.stringify(value);
}

export function sameValue(kind: ValueKind, a: CanonicalValue, b: CanonicalValue): boolean {
	return comparable(kind, a) === comparable(kind, b);
}
