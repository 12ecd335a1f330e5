import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import {
	crmRecordIdFields,
	deleteFields,
	getChangesFields,
	getManyFilters,
	inputModeFields,
	locatorFields,
	returnAllFields,
} from '../descriptions/common.description';
import {
	createItems,
	deleteItems,
	getChanges,
	getItems,
	getItemsByCrmRecordIds,
	getManyItems,
	updateItems,
} from '../helpers/itemOperations';
import type { AnyItemType } from '../helpers/itemTypes';
import type { ItemResult } from '../helpers/results';
import type { ExchangeTransport, FolderRef } from '../transport';

/**
 * Builders for the operations every item resource has. Each `actions/<resource>/<op>.operation.ts`
 * calls one of these with its resource's item type and fields, so the operations share one
 * implementation (batching, per-item results) and differ only in what an item is.
 */
export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, transport: ExchangeTransport, itemIndexes: number[]): Promise<ItemResult[]>;
}

export interface ResourceSpec {
	resource: string;
	type: AnyItemType;
	/** The "Fields" collection for create / update in UI mode. */
	fields: INodeProperties;
	/** Parameters of this resource that only some operations have (e.g. invitation modes). */
	extra?: Partial<Record<string, INodeProperties[]>>;
	/** Extra get-many filters. */
	filters?: INodeProperties[];
	/** The folder get many / get changes look in, when not the type's default. */
	folderFor?(context: IExecuteFunctions, itemIndex: number): FolderRef | undefined;
	/** Get-many filters that come from other parameters (e.g. a date window). */
	extraFilters?(context: IExecuteFunctions, itemIndex: number): IDataObject;
}

function extra(spec: ResourceSpec, operation: string): INodeProperties[] {
	return spec.extra?.[operation] ?? [];
}

function folderOf(context: IExecuteFunctions, spec: ResourceSpec) {
	return (itemIndex: number) => spec.folderFor?.(context, itemIndex);
}

export function createOperation(spec: ResourceSpec): Operation {
	return {
		description: [
			...inputModeFields(spec.resource, 'create', spec.type.noun, spec.fields),
			...extra(spec, 'create'),
		],
		async execute(transport, itemIndexes) {
			return await createItems.call(this, transport, itemIndexes, spec.type);
		},
	};
}

export function getOperation(spec: ResourceSpec): Operation {
	return {
		description: [...locatorFields(spec.resource, ['get'], spec.type.noun, false), ...extra(spec, 'get')],
		async execute(transport, itemIndexes) {
			return await getItems.call(this, transport, itemIndexes, spec.type);
		},
	};
}

export function getAllOperation(spec: ResourceSpec): Operation {
	return {
		description: [
			...returnAllFields(spec.resource, ['getAll']),
			getManyFilters(spec.resource, spec.filters),
			...extra(spec, 'getAll'),
		],
		async execute(transport, itemIndexes) {
			return await getManyItems.call(
				this,
				transport,
				itemIndexes,
				spec.type,
				folderOf(this, spec),
				(itemIndex) => spec.extraFilters?.(this, itemIndex) ?? {},
			);
		},
	};
}

export function getByCrmRecordIdOperation(spec: ResourceSpec): Operation {
	return {
		description: crmRecordIdFields(spec.resource, spec.type.noun),
		async execute(transport, itemIndexes) {
			return await getItemsByCrmRecordIds.call(this, transport, itemIndexes, spec.type, folderOf(this, spec));
		},
	};
}

export function updateOperation(spec: ResourceSpec): Operation {
	return {
		description: [
			...locatorFields(spec.resource, ['update'], spec.type.noun, true),
			...inputModeFields(spec.resource, 'update', spec.type.noun, spec.fields),
			...extra(spec, 'update'),
		],
		async execute(transport, itemIndexes) {
			return await updateItems.call(this, transport, itemIndexes, spec.type);
		},
	};
}

export function deleteOperation(spec: ResourceSpec): Operation {
	return {
		description: [
			...locatorFields(spec.resource, ['delete'], spec.type.noun, true),
			...deleteFields(spec.resource, spec.type.noun),
			...extra(spec, 'delete'),
		],
		async execute(transport, itemIndexes) {
			return await deleteItems.call(this, transport, itemIndexes, spec.type);
		},
	};
}

export function getChangesOperation(spec: ResourceSpec): Operation {
	return {
		description: [...getChangesFields(spec.resource, spec.type.noun), ...extra(spec, 'getChanges')],
		async execute(transport, itemIndexes) {
			return await getChanges.call(this, transport, itemIndexes, spec.type, folderOf(this, spec));
		},
	};
}

/** The operation selector of an item resource: the standard operations and the lookup by CRM record. */
export function itemOperationSelector(resource: string, noun: string, plural: string): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: [
			{ name: 'Create', value: 'create', action: `Create a ${noun}` },
			{ name: 'Delete', value: 'delete', action: `Delete a ${noun}` },
			{ name: 'Get', value: 'get', action: `Get a ${noun}` },
			{ name: 'Get Changes', value: 'getChanges', action: `Get changes to ${plural}`, description: `Created, updated and deleted ${plural} since a cursor` },
			{
				name: 'Get by CRM Record ID',
				value: 'getByCrmRecordId',
				action: `Get ${plural} linked to CRM records`,
				description: `The ${plural} the sync linked to CRM records, found by the record IDs (50 per call)`,
			},
			{ name: 'Get Many', value: 'getAll', action: `Get many ${plural}` },
			{ name: 'Update', value: 'update', action: `Update a ${noun}` },
		],
		default: 'get',
	};
}
