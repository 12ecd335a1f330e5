/**
 * RFC 5545 RRULE, the subset Exchange recurrences can express: FREQ=DAILY|WEEKLY|MONTHLY|YEARLY
 * with INTERVAL, BYDAY (weekly days, or one nth weekday for monthly/yearly), BYMONTHDAY, BYMONTH
 * (yearly), and COUNT or UNTIL. Item shapes carry recurrences as such rules; each transport turns
 * them into its server's patterns.
 */

export const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The nth-weekday ordinals Exchange supports: first to fourth, and last. */
export const ORDINALS = ['1', '2', '3', '4', '-1'];

export interface ParsedRrule {
	freq: 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
	interval: number;
	byDay: Array<{ ordinal?: string; day: Weekday }>;
	byMonthDay?: number;
	byMonth?: number;
	count?: number;
	/** yyyy-MM-dd */
	until?: string;
}

const SUPPORTED_PARTS = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'BYMONTH', 'COUNT', 'UNTIL', 'WKST']);

export function parseRrule(rrule: string): ParsedRrule {
	const parts = new Map<string, string>();
	for (const part of rrule.replace(/^RRULE:/i, '').split(';').filter(Boolean)) {
		const [key, value] = part.split('=');
		const name = key.trim().toUpperCase();
		if (!SUPPORTED_PARTS.has(name)) throw new Error(`RRULE part ${name} is not supported by Exchange recurrences`);
		parts.set(name, (value ?? '').trim().toUpperCase());
	}
	const freq = parts.get('FREQ');
	if (freq !== 'DAILY' && freq !== 'WEEKLY' && freq !== 'MONTHLY' && freq !== 'YEARLY') {
		throw new Error(`RRULE FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY (got ${freq ?? 'none'})`);
	}
	const number = (name: string, min: number, max: number): number | undefined => {
		const raw = parts.get(name);
		if (raw === undefined) return undefined;
		const value = Number(raw);
		if (!Number.isInteger(value) || value < min || value > max) throw new Error(`RRULE ${name}=${raw} is out of range`);
		return value;
	};
	const byDay = (parts.get('BYDAY') ?? '')
		.split(',')
		.filter(Boolean)
		.map((entry) => {
			const match = /^([+-]?\d)?(SU|MO|TU|WE|TH|FR|SA)$/.exec(entry);
			if (!match) throw new Error(`RRULE BYDAY value ${entry} is not understood`);
			const ordinal = match[1]?.replace('+', '');
			if (ordinal !== undefined && !ORDINALS.includes(ordinal)) {
				throw new Error(`RRULE BYDAY ordinal ${match[1]} is not supported (1 to 4 or -1)`);
			}
			return { ordinal, day: match[2] as Weekday };
		});
	const count = number('COUNT', 1, 999);
	const untilRaw = parts.get('UNTIL');
	if (count !== undefined && untilRaw !== undefined) throw new Error('RRULE may have COUNT or UNTIL, not both');
	let until: string | undefined;
	if (untilRaw !== undefined) {
		const match = /^(\d{4})(\d{2})(\d{2})/.exec(untilRaw);
		if (!match) throw new Error(`RRULE UNTIL=${untilRaw} is not a date`);
		until = `${match[1]}-${match[2]}-${match[3]}`;
	}
	return {
		freq,
		interval: number('INTERVAL', 1, 999) ?? 1,
		byDay,
		byMonthDay: number('BYMONTHDAY', 1, 31),
		byMonth: number('BYMONTH', 1, 12),
		count,
		until,
	};
}
