import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { ResolveNameSearchLocation } from 'ews-javascript-api';
import { mailboxOf } from '../../transport/ews/itemOperations';
import { perItem, succeeded } from '../../helpers/results';
import type { ItemResult } from '../../helpers/results';
import type { ExchangeSession } from '../../transport/ews/session';
import { xmlText } from '../../transport/ews/xml';

export const description: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Alice',
		description: 'A name or email address (or part of one) to look up in the directory and contacts',
		displayOptions: { show: { resource: ['mailbox'], operation: ['resolveNames'] } },
	},
];

/** ResolveNames: directory first, then the mailbox's contacts. */
export async function execute(this: IExecuteFunctions, session: ExchangeSession, itemIndexes: number[]): Promise<ItemResult[]> {
	return await perItem(itemIndexes, async (itemIndex) => {
		const name = String(this.getNodeParameter('name', itemIndex, '')).trim();
		const mailbox = mailboxOf(this, itemIndex);
		const resolutions = await session.call(
			mailbox,
			async (service) => await service.ResolveName(xmlText(name), ResolveNameSearchLocation.DirectoryThenContacts, true),
			itemIndex,
		);
		return succeeded(
			itemIndex,
			resolutions.GetEnumerator().map((resolution) => ({
				name: resolution.Mailbox.Name ?? null,
				email: resolution.Mailbox.Address ?? null,
				routingType: resolution.Mailbox.RoutingType ?? null,
				mailboxType: resolution.Mailbox.MailboxType !== undefined ? String(resolution.Mailbox.MailboxType) : null,
			})),
		);
	});
}
