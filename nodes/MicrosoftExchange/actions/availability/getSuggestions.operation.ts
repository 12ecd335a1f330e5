import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { AvailabilityData, AvailabilityOptions, ConflictType, SuggestionQuality } from 'ews-javascript-api';
import { perItem, succeeded } from '../../helpers/results';
import type { ItemResult } from '../../helpers/results';
import type { ExchangeSession } from '../../transport/ews/session';
import { iso, readRequest, requestAvailability, windowFields } from './common';

export const description: INodeProperties[] = [
	...windowFields('getSuggestions'),
	{
		displayName: 'Meeting Duration (Minutes)',
		name: 'duration',
		type: 'number',
		typeOptions: { minValue: 5 },
		default: 30,
		displayOptions: { show: { resource: ['availability'], operation: ['getSuggestions'] } },
	},
	{
		displayName: 'Max Suggestions per Day',
		name: 'maxPerDay',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 5,
		displayOptions: { show: { resource: ['availability'], operation: ['getSuggestions'] } },
	},
];

/** Meeting times Exchange suggests for the attendees, best first within each day. */
export async function execute(this: IExecuteFunctions, session: ExchangeSession, itemIndexes: number[]): Promise<ItemResult[]> {
	return await perItem(itemIndexes, async (itemIndex) => {
		const request = readRequest(this, itemIndex);
		const options = new AvailabilityOptions();
		options.MeetingDuration = this.getNodeParameter('duration', itemIndex, 30) as number;
		options.MaximumSuggestionsPerDay = this.getNodeParameter('maxPerDay', itemIndex, 5) as number;
		const results = await requestAvailability(session, request, AvailabilityData.Suggestions, options, itemIndex);
		const suggestions = (results.Suggestions ?? []).flatMap((day) =>
			day.TimeSuggestions.filter(
				(time) =>
					time.MeetingTime.TotalMilliSeconds >= request.start.toMillis() &&
					time.MeetingTime.TotalMilliSeconds + options.MeetingDuration * 60_000 <= request.end.toMillis(),
			).map((time) => ({
				start: iso(time.MeetingTime),
				end: iso(time.MeetingTime.AddMinutes(options.MeetingDuration)),
				quality: SuggestionQuality[time.Quality],
				isWorkTime: time.IsWorkTime,
				conflicts: (time.Conflicts ?? []).map((conflict) => ({
					type: ConflictType[conflict.ConflictType],
					status: conflict.FreeBusyStatus,
				})),
			})),
		);
		return succeeded(itemIndex, suggestions);
	});
}
