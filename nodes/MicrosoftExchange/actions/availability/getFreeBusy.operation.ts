import type { IExecuteFunctions } from 'n8n-workflow';
import { AvailabilityData, AvailabilityOptions } from 'ews-javascript-api';
import { perItem, succeeded } from '../../helpers/results';
import type { ItemResult } from '../../helpers/results';
import type { ExchangeSession } from '../../transport/ews/session';
import { attendeeAvailability, readRequest, requestAvailability, windowFields } from './common';

export const description = windowFields('getFreeBusy');

/** Free/busy of several attendees over a window: one GetUserAvailability per input item. */
export async function execute(this: IExecuteFunctions, session: ExchangeSession, itemIndexes: number[]): Promise<ItemResult[]> {
	return await perItem(itemIndexes, async (itemIndex) => {
		const request = readRequest(this, itemIndex);
		const results = await requestAvailability(session, request, AvailabilityData.FreeBusy, new AvailabilityOptions(), itemIndex);
		return succeeded(itemIndex, attendeeAvailability(session, request, results));
	});
}
