import type { INodeProperties } from 'n8n-workflow';

export const channelIdProperty: INodeProperties = {
	displayName: 'Channel ID',
	name: 'channelId',
	type: 'string',
	default: '',
	required: true,
	description: 'A number that identifies the channel, chosen by you',
};

export const expiryHoursProperty: INodeProperties = {
	displayName: 'Expires In (Hours)',
	name: 'expiryHours',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 168 },
	default: 168,
	description: 'Zoho keeps a channel for at most one week (168 hours)',
};
