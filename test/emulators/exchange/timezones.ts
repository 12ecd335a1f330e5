/** Windows time zone ids (what EWS speaks) and IANA names (what luxon and the item shapes use). */
const WINDOWS_TO_IANA: Record<string, string> = {
	UTC: 'UTC',
	'Greenwich Standard Time': 'Atlantic/Reykjavik',
	'GMT Standard Time': 'Europe/London',
	'W. Europe Standard Time': 'Europe/Berlin',
	'Romance Standard Time': 'Europe/Paris',
	'Central Europe Standard Time': 'Europe/Budapest',
	'Central European Standard Time': 'Europe/Warsaw',
	'GTB Standard Time': 'Europe/Bucharest',
	'FLE Standard Time': 'Europe/Kiev',
	'Turkey Standard Time': 'Europe/Istanbul',
	'Russian Standard Time': 'Europe/Moscow',
	'Israel Standard Time': 'Asia/Jerusalem',
	'South Africa Standard Time': 'Africa/Johannesburg',
	'W. Central Africa Standard Time': 'Africa/Lagos',
	'Morocco Standard Time': 'Africa/Casablanca',
	'Arabian Standard Time': 'Asia/Dubai',
	'India Standard Time': 'Asia/Kolkata',
	'China Standard Time': 'Asia/Shanghai',
	'Singapore Standard Time': 'Asia/Singapore',
	'Tokyo Standard Time': 'Asia/Tokyo',
	'Korea Standard Time': 'Asia/Seoul',
	'AUS Eastern Standard Time': 'Australia/Sydney',
	'New Zealand Standard Time': 'Pacific/Auckland',
	'Eastern Standard Time': 'America/New_York',
	'Central Standard Time': 'America/Chicago',
	'Mountain Standard Time': 'America/Denver',
	'Pacific Standard Time': 'America/Los_Angeles',
	'E. South America Standard Time': 'America/Sao_Paulo',
	'Argentina Standard Time': 'America/Argentina/Buenos_Aires',
	'Pacific SA Standard Time': 'America/Santiago',
};

const IANA_TO_WINDOWS: Record<string, string> = Object.fromEntries(
	Object.entries(WINDOWS_TO_IANA).map(([windows, iana]) => [iana, windows]),
);

/** IANA name for a Windows id; unknown ids fall back to UTC. */
export function ianaZone(windowsId: string | undefined): string {
	return (windowsId && WINDOWS_TO_IANA[windowsId]) || 'UTC';
}

/** Windows id for an IANA name; unknown names fall back to UTC. */
export function windowsZone(iana: string | undefined): string {
	return (iana && IANA_TO_WINDOWS[iana]) || 'UTC';
}
