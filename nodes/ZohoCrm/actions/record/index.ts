/**
 * Record operations, shared by the Record resource (any module, picked by the user) and the
 * Contact, Lead, Account, Deal, Task and Event resources (a fixed module each).
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { moduleLocator } from '../common/descriptions';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getByExchangeItemId from './getByExchangeItemId.operation';
import * as getDeleted from './getDeleted.operation';
import * as matchParticipants from './matchParticipants.operation';
import * as query from './query.operation';
import * as search from './search.operation';
import * as update from './update.operation';
import * as upsert from './upsert.operation';

export { create, del as delete, get, getAll, getByExchangeItemId, getDeleted, matchParticipants, query, search, update, upsert };

function operationOptions(singular: string, plural: string, names: string[]): INodePropertyOptions[] {
	const all: INodePropertyOptions[] = [
		{ name: 'Create', value: 'create', description: `Create ${plural} (batched, 100 per call)`, action: `Create ${singular}` },
		{ name: 'Delete', value: 'delete', description: `Delete ${plural} (batched, 100 per call)`, action: `Delete ${singular}` },
		{ name: 'Get', value: 'get', description: `Get ${singular} by ID or external ID`, action: `Get ${singular}` },
		{
			name: 'Get by Exchange Item ID',
			value: 'getByExchangeItemId',
			description: `The ${plural} the sync linked to Exchange items, found by the item IDs (50 per query)`,
			action: `Get ${plural} linked to Exchange items`,
		},
		{ name: 'Get Deleted', value: 'getDeleted', description: `Get deleted ${plural}`, action: `Get deleted ${plural}` },
		{ name: 'Get Many', value: 'getAll', description: `Get many ${plural}`, action: `Get many ${plural}` },
		{
			name: 'Match Participants',
			value: 'matchParticipants',
			description: 'Turn e-mail participants into the CRM users, contacts and leads with those addresses',
			action: 'Match participants to CRM people',
		},
		{ name: 'Query (COQL)', value: 'query', description: 'Run a COQL select query', action: 'Run a COQL query' },
		{ name: 'Search', value: 'search', description: `Search ${plural}`, action: `Search ${plural}` },
		{ name: 'Update', value: 'update', description: `Update ${plural} (batched, 100 per call)`, action: `Update ${singular}` },
		{
			name: 'Create or Update',
			value: 'upsert',
			description: `Create a new ${singular.replace(/^an? /, '')}, or update the current one if it already exists (upsert)`,
			action: `Create or update ${singular}`,
		},
	];
	return all.filter((option) => names.includes(String(option.value)));
}

const WRITE_AND_READ = ['create', 'delete', 'get', 'getByExchangeItemId', 'getDeleted', 'getAll', 'search', 'update'];

function operationProperty(resource: string, singular: string, plural: string, names: string[]): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: operationOptions(singular, plural, names),
		default: 'getAll',
	};
}

export const description: INodeProperties[] = [
	operationProperty('record', 'a record', 'records', [...WRITE_AND_READ, 'upsert', 'query']),
	operationProperty('contact', 'a contact', 'contacts', [...WRITE_AND_READ, 'upsert']),
	operationProperty('lead', 'a lead', 'leads', [...WRITE_AND_READ, 'upsert']),
	operationProperty('account', 'an account', 'accounts', [...WRITE_AND_READ, 'upsert']),
	operationProperty('deal', 'a deal', 'deals', [...WRITE_AND_READ, 'upsert']),
	operationProperty('task', 'a task', 'tasks', WRITE_AND_READ),
	operationProperty('event', 'a meeting', 'meetings', [...WRITE_AND_READ, 'matchParticipants']),
	{
		...moduleLocator,
		displayOptions: { show: { resource: ['record'], operation: [...WRITE_AND_READ, 'upsert'] } },
	},
	...create.description,
	...update.description,
	...upsert.description,
	...del.description,
	...get.description,
	...getAll.description,
	...getByExchangeItemId.description,
	...search.description,
	...getDeleted.description,
	...query.description,
	...matchParticipants.description,
];
