/**
 * The record an item writes: the resource mapper's fields, or (Input Mode: JSON) a whole record
 * object, which is how the Sync node's "To CRM" items feed the node. Meetings add participants
 * and a reminder.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties, ResourceMapperValue } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { isPlainObject } from './utils';

/** Marks lookup fields in the resource mapper; their value is the related record's ID. */
export const LOOKUP_FIELD_SUFFIX = ' (Lookup ID)';

export const recordInputProperties: INodeProperties[] = [
	{
		displayName: 'Input Mode',
		name: 'inputMode',
		type: 'options',
		options: [
			{ name: 'Fields', value: 'fields', description: 'Map fields from the module\'s field list' },
			{ name: 'JSON', value: 'json', description: 'Take the whole record object, e.g. from the Sync node' },
		],
		default: 'fields',
	},
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['module.value', 'resource'],
			resourceMapper: {
				resourceMapperMethod: 'getRecordFields',
				mode: 'add',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: false,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
		displayOptions: { show: { inputMode: ['fields'] } },
	},
	{
		displayName: 'Record (JSON)',
		name: 'recordJson',
		type: 'json',
		default: '={{ $json.record }}',
		description: 'The record as Zoho takes it: field API names as keys',
		displayOptions: { show: { inputMode: ['json'] } },
	},
	{
		displayName: 'Participants',
		name: 'participants',
		type: 'fixedCollection',
		placeholder: 'Add Participant',
		typeOptions: { multipleValues: true },
		default: {},
		displayOptions: { show: { resource: ['event'], inputMode: ['fields'] } },
		options: [
			{
				displayName: 'Participant',
				name: 'participant',
				values: [
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: [
							{ name: 'Contact', value: 'contact' },
							{ name: 'Email Address', value: 'email' },
							{ name: 'Lead', value: 'lead' },
							{ name: 'User', value: 'user' },
						],
						default: 'email',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'The email address, or the ID of the contact, lead or user',
					},
				],
			},
		],
	},
	{
		displayName: 'Reminder (Minutes Before)',
		name: 'reminderMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Remind participants this many minutes before the meeting; 0 for no reminder',
		displayOptions: { show: { resource: ['event'], inputMode: ['fields'] } },
	},
];

function recordFromJson(this: IExecuteFunctions, itemIndex: number): IDataObject {
	let value: unknown = this.getNodeParameter('recordJson', itemIndex);
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch (error) {
			throw new NodeOperationError(this.getNode(), 'Record (JSON) is not valid JSON', {
				itemIndex,
				description: (error as Error).message,
			});
		}
	}
	if (!isPlainObject(value)) {
		throw new NodeOperationError(this.getNode(), 'Record (JSON) must be an object of field API names and values', {
			itemIndex,
		});
	}
	return { ...value };
}

function recordFromFields(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const mapper = this.getNodeParameter('fields', itemIndex, {}) as Partial<ResourceMapperValue>;
	const source: IDataObject =
		mapper.mappingMode === 'autoMapInputData'
			? this.getInputData()[itemIndex].json
			: ((mapper.value ?? {}) as IDataObject);
	const lookups = new Set(
		(mapper.schema ?? []).filter((field) => field.displayName.endsWith(LOOKUP_FIELD_SUFFIX)).map((field) => field.id),
	);
	const known = new Set((mapper.schema ?? []).map((field) => field.id));
	const record: IDataObject = {};
	for (const [name, value] of Object.entries(source)) {
		if (value === undefined || value === null || value === '') continue;
		// Auto-map takes only the module's fields from the item, not whatever else it carries.
		if (mapper.mappingMode === 'autoMapInputData' && known.size > 0 && !known.has(name)) continue;
		record[name] = lookups.has(name) && typeof value !== 'object' ? { id: String(value) } : value;
	}
	return record;
}

function meetingExtras(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const extras: IDataObject = {};
	const participants = (this.getNodeParameter('participants.participant', itemIndex, []) as IDataObject[]).filter(
		(participant) => String(participant.value ?? '').trim() !== '',
	);
	if (participants.length > 0) {
		extras.Participants = participants.map(({ type, value }) =>
			type === 'email' ? { type, Email: String(value).trim() } : { type, participant: String(value).trim() },
		);
	}
	const reminderMinutes = this.getNodeParameter('reminderMinutes', itemIndex, 0) as number;
	if (reminderMinutes > 0) extras.Remind_At = [{ unit: reminderMinutes, period: 'minutes' }];
	return extras;
}

/** The record object an item writes to Zoho. */
export function recordFromItem(this: IExecuteFunctions, itemIndex: number): IDataObject {
	if (this.getNodeParameter('inputMode', itemIndex, 'fields') === 'json') return recordFromJson.call(this, itemIndex);
	const record = recordFromFields.call(this, itemIndex);
	if (this.getNodeParameter('resource', itemIndex) === 'event') Object.assign(record, meetingExtras.call(this, itemIndex));
	return record;
}
