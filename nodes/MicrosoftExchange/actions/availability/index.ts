import type { INodeProperties } from 'n8n-workflow';
import * as getFreeBusy from './getFreeBusy.operation';
import * as getSuggestions from './getSuggestions.operation';

export { getFreeBusy, getSuggestions };

const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['availability'] } },
	options: [
		{ name: 'Get Free/Busy', value: 'getFreeBusy', action: 'Get free busy times of attendees' },
		{ name: 'Get Meeting Suggestions', value: 'getSuggestions', action: 'Get suggested meeting times' },
	],
	default: 'getFreeBusy',
};

export const description = [operation, ...getFreeBusy.description, ...getSuggestions.description];
