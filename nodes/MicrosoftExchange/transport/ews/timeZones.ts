import { DateTime as LuxonDateTime } from 'luxon';
import { TimeZoneInfo } from 'ews-javascript-api';
import { TimeZoneMappingData } from 'ews-javascript-api/js/tzmapping';

/**
 * IANA ⇄ Windows time zone ids. EWS names zones by Windows id (StartTimeZone/EndTimeZone); our
 * item shapes use IANA names. The client ships CLDR's mapping (IANA → Windows, and Windows →
 * [[IANA…], …]), keyed by the older IANA spellings; current spellings are aliased here.
 */
const CURRENT_TO_CLDR: Record<string, string> = {
	'Asia/Kolkata': 'Asia/Calcutta',
	'Europe/Kyiv': 'Europe/Kiev',
	'Asia/Ho_Chi_Minh': 'Asia/Saigon',
	'Asia/Kathmandu': 'Asia/Katmandu',
	'Asia/Yangon': 'Asia/Rangoon',
	'America/Nuuk': 'America/Godthab',
	'Atlantic/Faroe': 'Atlantic/Faeroe',
	'Pacific/Chuuk': 'Pacific/Truk',
	'Pacific/Pohnpei': 'Pacific/Ponape',
	'Pacific/Kanton': 'Pacific/Enderbury',
	'Africa/Asmara': 'Africa/Asmera',
	'America/Argentina/Buenos_Aires': 'America/Buenos_Aires',
	'America/Argentina/Cordoba': 'America/Cordoba',
	'America/Argentina/Catamarca': 'America/Catamarca',
	'America/Argentina/Jujuy': 'America/Jujuy',
	'America/Argentina/Mendoza': 'America/Mendoza',
	'America/Indiana/Indianapolis': 'America/Indianapolis',
	'America/Kentucky/Louisville': 'America/Louisville',
	'America/Atikokan': 'America/Coral_Harbour',
	UTC: 'Etc/UTC',
	'Etc/GMT+0': 'Etc/GMT',
	GMT: 'Etc/GMT',
};

const CLDR_TO_CURRENT: Record<string, string> = Object.fromEntries(
	Object.entries(CURRENT_TO_CLDR)
		.filter(([current]) => current.includes('/'))
		.map(([current, cldr]) => [cldr, current]),
);

const mapping = TimeZoneMappingData as unknown as Record<string, string | [string[], ...unknown[]]>;

/** The Windows zone id for an IANA zone, e.g. `Europe/Berlin` → `W. Europe Standard Time`. */
export function windowsZoneId(ianaZone: string): string {
	if (!LuxonDateTime.now().setZone(ianaZone).isValid) throw new Error(`"${ianaZone}" is not an IANA time zone`);
	const entry = mapping[CURRENT_TO_CLDR[ianaZone] ?? ianaZone];
	if (typeof entry === 'string') return entry;
	throw new Error(`The time zone "${ianaZone}" has no Windows equivalent that Exchange knows`);
}

/** The IANA zone for a Windows zone id (the zone CLDR lists first for it). */
export function ianaZone(windowsId: string): string {
	const entry = mapping[windowsId];
	if (Array.isArray(entry) && Array.isArray(entry[0]) && entry[0][0]) {
		const iana = entry[0][0];
		return CLDR_TO_CURRENT[iana] ?? iana;
	}
	// Some servers report an IANA id or UTC directly.
	if (LuxonDateTime.now().setZone(windowsId).isValid) return windowsId;
	throw new Error(`Unknown Windows time zone "${windowsId}"`);
}

/** The client's zone object for an IANA zone, to set as StartTimeZone / EndTimeZone. */
export function exchangeTimeZone(ianaZoneName: string): TimeZoneInfo {
	if (ianaZoneName === 'UTC' || ianaZoneName === 'Etc/UTC') return TimeZoneInfo.Utc;
	return TimeZoneInfo.FindSystemTimeZoneById(windowsZoneId(ianaZoneName));
}
