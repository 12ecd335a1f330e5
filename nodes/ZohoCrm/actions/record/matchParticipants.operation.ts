/**
 * Event → Match Participants: meeting records on their way to a write get their e-mail
 * participants replaced by the CRM users, contacts and leads with those addresses, so the meeting
 * shows on those people's timelines. All input items are matched together: the active users in
 * one call, Contacts and Leads with one COQL query per 50 addresses each, never a full read.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { emailParticipants, parsePeople, PeopleByEmail, type PersonType } from '../../helpers/participants';
import { isPlainObject } from '../common/utils';
import type { ZohoApiUsage } from '../../transport';
import { chunk, type WriteOutcome } from '../../transport/batching';
import { coqlQueryAll, COQL_MAX_IN_VALUES, coqlText, getAllByPageNumber } from '../../transport/paging';

type Source = 'users' | 'contacts' | 'leads';

const properties: INodeProperties[] = [
	{
		displayName: 'Record Field',
		name: 'recordField',
		type: 'string',
		default: 'record',
		description: "The item field that holds the meeting record, as in the Sync node's To CRM items; empty: the item is the record",
	},
	{
		displayName: 'Known People',
		name: 'knownPeople',
		type: 'json',
		default: '[]',
		description: 'CRM people whose addresses need no lookup, e.g. the users Sync Now read; type is user, contact or lead',
	},
	{
		displayName: 'Look Up',
		name: 'lookUp',
		type: 'multiOptions',
		options: [
			{ name: 'Active Users', value: 'users', description: 'One call for all users' },
			{ name: 'Contacts', value: 'contacts', description: 'One COQL query per 50 addresses' },
			{ name: 'Leads', value: 'leads', description: 'One COQL query per 50 addresses not found before' },
		],
		default: ['users', 'contacts', 'leads'],
		description: 'Where addresses that are not among the known people are looked for. A user comes first, then a contact, then a lead.',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['event'], operation: ['matchParticipants'] } }, properties);

export const batched = true;

const COQL_MODULES: Array<[Source, string, PersonType]> = [
	['contacts', 'Contacts', 'contact'],
	['leads', 'Leads', 'lead'],
];

/** Adds the CRM people behind `addresses` that are not yet known as someone who takes precedence. */
async function lookUpPeople(this: IExecuteFunctions, addresses: string[], people: PeopleByEmail, sources: Source[], usage: ZohoApiUsage): Promise<void> {
	const unknown = (type: PersonType) => addresses.filter((email) => !people.hasAtLeast(email, type));
	if (sources.includes('users') && unknown('user').length > 0) {
		const users = await getAllByPageNumber.call(this, { method: 'GET', path: '/users', qs: { type: 'ActiveUsers' }, itemIndex: 0, usage }, 'users');
		for (const user of users) {
			if (typeof user.email === 'string' && user.id !== undefined) people.add({ email: user.email, type: 'user', id: String(user.id) });
		}
	}
	for (const [source, module, type] of COQL_MODULES) {
		if (!sources.includes(source)) continue;
		for (const part of chunk(unknown(type), COQL_MAX_IN_VALUES)) {
			const query = `select id, Email from ${module} where Email in (${part.map(coqlText).join(', ')})`;
			for (const row of await coqlQueryAll.call(this, query, { itemIndex: 0, usage })) {
				if (typeof row.Email === 'string' && row.id !== undefined) people.add({ email: row.Email, type, id: String(row.id) });
			}
		}
	}
}

export async function execute(this: IExecuteFunctions, itemIndexes: number[], usage: ZohoApiUsage): Promise<WriteOutcome[]> {
	const items = this.getInputData();
	const field = String(this.getNodeParameter('recordField', 0, 'record')).trim();
	const known = parsePeople(this.getNodeParameter('knownPeople', 0, '[]'));
	if (typeof known === 'string') throw new NodeOperationError(this.getNode(), `Known People ${known}`);
	const sources = this.getNodeParameter('lookUp', 0, []) as Source[];
	const recordOf = (itemIndex: number): IDataObject | undefined => {
		const holder = field === '' ? items[itemIndex].json : items[itemIndex].json[field];
		return isPlainObject(holder) ? holder : undefined;
	};

	const people = new PeopleByEmail();
	for (const person of known) people.add(person);
	const addresses = [...new Set(itemIndexes.flatMap((itemIndex) => emailParticipants(recordOf(itemIndex) ?? {})))];
	let failure: Error | undefined;
	try {
		await lookUpPeople.call(this, addresses, people, sources, usage);
	} catch (error) {
		failure = error as Error;
	}

	return itemIndexes.map((itemIndex): WriteOutcome => {
		const record = recordOf(itemIndex);
		if (record === undefined) return { itemIndex, json: items[itemIndex].json };
		// Only the items that needed the failed lookup fail: a write of theirs would lose the people.
		if (failure && emailParticipants(record).length > 0) {
			return { itemIndex, error: new NodeOperationError(this.getNode(), `The participants could not be looked up: ${failure.message}`, { itemIndex }) };
		}
		const participants = people.participantsOf(record);
		if (participants === undefined) return { itemIndex, json: items[itemIndex].json };
		const matched = { ...record, Participants: participants } as IDataObject;
		return { itemIndex, json: field === '' ? matched : { ...items[itemIndex].json, [field]: matched } };
	});
}
