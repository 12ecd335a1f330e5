/**
 * Availability over Microsoft 365 (Graph): free/busy from getSchedule with the EWS transport's
 * output, and meeting suggestions worked out from the schedules (Graph's findMeetingTimes takes
 * delegated permissions only) in the EWS transport's shape.
 */
import type { IDataObject } from 'n8n-workflow';
import { runJson } from '../exchange/support';
import { ALICE, ewsCredentials, graphCredentials, runGraphJson, useGraphServer } from './support';

jest.setTimeout(60_000);

const server = useGraphServer();
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';

const overEws = async (parameters: IDataObject) => await runJson({ credentials: ewsCredentials(server()), parameters: { mailbox: ALICE, ...parameters } });
const overGraph = async (parameters: IDataObject) => await runGraphJson({ credentials: graphCredentials(server()), parameters: { mailbox: ALICE, ...parameters } });

beforeAll(async () => {
	await server().control.reset();
	await server().control.seed('empty');
	const block = (mailbox: string, subject: string, start: string, end: string, showAs = 'Busy') =>
		overGraph({ resource: 'event', operation: 'create', mailbox, inputMode: 'json', itemJson: { subject, start, end, timeZone: 'UTC', showAs } });
	await block(BOB, 'Busy block', '2026-05-05T13:00:00Z', '2026-05-05T14:00:00Z');
	await block(BOB, 'Maybe', '2026-05-05T15:00:00Z', '2026-05-05T15:30:00Z', 'Tentative');
	await block(CAROL, 'Out', '2026-05-05T09:00:00Z', '2026-05-05T10:00:00Z', 'OOF');
});

describe('availability over Microsoft 365 (Graph)', () => {
	it('reports free/busy per attendee as EWS does, an unknown address as its own error', async () => {
		const parameters = { resource: 'availability', operation: 'getFreeBusy', attendees: `${BOB}, ${CAROL}, nobody@example.test`, start: '2026-05-05T08:00:00Z', end: '2026-05-05T18:00:00Z' };
		const [viaGraph, viaEws] = [await overGraph(parameters), await overEws(parameters)];
		expect(viaGraph.slice(0, 2)).toEqual(viaEws.slice(0, 2));
		expect(viaGraph[0]).toEqual({
			email: BOB,
			free: false,
			busy: [
				{ start: '2026-05-05T13:00:00.000Z', end: '2026-05-05T14:00:00.000Z', status: 'Busy' },
				{ start: '2026-05-05T15:00:00.000Z', end: '2026-05-05T15:30:00.000Z', status: 'Tentative' },
			],
		});
		expect(viaGraph[2]).toMatchObject({ email: 'nobody@example.test', error: expect.any(String), code: expect.any(String) });
	});

	it('suggests times inside working hours, best first each day, none over a busy attendee when others are free', async () => {
		const parameters = { resource: 'availability', operation: 'getSuggestions', attendees: `${BOB}, ${CAROL}`, start: '2026-05-05T00:00:00Z', end: '2026-05-07T00:00:00Z', duration: 60, maxPerDay: 4 };
		const [viaGraph, viaEws] = [await overGraph(parameters), await overEws(parameters)];
		const keys = (suggestion: IDataObject) => Object.keys(suggestion).sort();
		expect(viaGraph.length).toBeGreaterThan(0);
		expect(new Set(viaGraph.map(keys).map(String))).toEqual(new Set(viaEws.map(keys).map(String)));
		const days = new Map<string, IDataObject[]>();
		for (const suggestion of viaGraph) days.set(String(suggestion.start).slice(0, 10), [...(days.get(String(suggestion.start).slice(0, 10)) ?? []), suggestion]);
		expect([...days.keys()]).toEqual(['2026-05-05', '2026-05-06']);
		for (const list of days.values()) {
			expect(list.length).toBeLessThanOrEqual(4);
			expect(list[0].quality).toBe('Excellent');
		}
		for (const suggestion of viaGraph) {
			expect(Date.parse(String(suggestion.end)) - Date.parse(String(suggestion.start))).toBe(3_600_000);
			// Alice's working hours (Berlin, 08:00 to 17:00): Bob's (New York) and Carol's (Kolkata) never all overlap them.
			expect([String(suggestion.start).slice(11, 16) >= '06:00', String(suggestion.end).slice(11, 16) <= '15:00']).toEqual([true, true]);
			expect(suggestion.isWorkTime).toBe(false);
			const overBusy = Date.parse(String(suggestion.start)) < Date.parse('2026-05-05T14:00:00Z') && Date.parse(String(suggestion.end)) > Date.parse('2026-05-05T13:00:00Z');
			if (suggestion.quality === 'Excellent') expect(overBusy).toBe(false);
			if (overBusy) expect(suggestion.conflicts).toEqual([{ type: 'IndividualAttendeeConflict', status: 2 }]);
		}
	});
});
