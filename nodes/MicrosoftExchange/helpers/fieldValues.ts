import type { IDataObject } from 'n8n-workflow';

/**
 * Reading "Input Mode: JSON" objects and UI collections into the writable fields of an item
 * shape: only known keys pass, with their types checked, so a stray key never reaches Exchange.
 */

export type FieldType = 'string' | 'number' | 'boolean' | 'stringArray' | 'object' | 'any';

export function pickFields(json: IDataObject, types: Record<string, FieldType>): IDataObject {
	const fields: IDataObject = {};
	for (const [key, type] of Object.entries(types)) {
		if (!(key in json)) continue;
		const value = json[key];
		if (value === null || value === undefined) {
			fields[key] = null;
			continue;
		}
		fields[key] = coerce(key, value, type);
	}
	return fields;
}

function coerce(key: string, value: unknown, type: FieldType): IDataObject[string] {
	switch (type) {
		case 'string':
			if (typeof value === 'string' || typeof value === 'number') return String(value);
			break;
		case 'number':
			if (typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && !isNaN(Number(value)))) {
				return Number(value);
			}
			break;
		case 'boolean':
			if (typeof value === 'boolean') return value;
			break;
		case 'stringArray':
			if (Array.isArray(value)) return value.map(String);
			if (typeof value === 'string') return splitList(value);
			break;
		case 'object':
			if (typeof value === 'object' && !Array.isArray(value)) return value as IDataObject;
			break;
		case 'any':
			return value as IDataObject[string];
	}
	throw new Error(`Field "${key}" must be a ${type === 'stringArray' ? 'list of strings' : type}`);
}

/** "a, b,c" → ['a', 'b', 'c'] */
export function splitList(value: string): string[] {
	return value
		.split(',')
		.map((entry) => entry.trim())
		.filter(Boolean);
}

/**
 * People (attendees, recipients) from JSON or UI input: "a@x, b@y", ['a@x'], or
 * [{ email, name }]; null clears the list.
 */
export function addressList<T extends { email: string }>(value: unknown, what: string): T[] | null {
	if (value === null || value === undefined) return null;
	if (typeof value === 'string') return splitList(value).map((email) => ({ email }) as T);
	if (!Array.isArray(value)) throw new Error(`${what} must be a list of emails or of { email, name } objects`);
	return value.map((entry) => (typeof entry === 'string' ? ({ email: entry } as T) : (entry as T)));
}
