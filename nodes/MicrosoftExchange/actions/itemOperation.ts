import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { FolderId } from 'ews-javascript-api';
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
} from '../transport/ews/itemOperations';
import type { AnyItemKind } from '../transport/ews/itemOperations';
import type { ItemResult } from '../helpers/results';
import type { ExchangeSession } from '../transport/ews/session';

/**
 * Builders for the operations every item resource has. Each `actions/<resource>/<op>.operation.ts`
 * calls one of these with its resource's ItemKind and fields, so the operations share one
 * implementation (batching, per-item results) and differ only in what an item is.
 */
export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, session: ExchangeSession, itemIndexes: number[]): Promise<ItemResult[]>;
}

export interface ResourceSpec {
	resource: string;
	kind: AnyItemKind;
	/** The "Fields" collection for create / update in UI mode. */
	fields: INodeProperties;
	/** Parameters of this resource that only some operations have (e.g. invitation modes). */
	extra?: Partial<Record<string, INodeProperties[]>>;
	/** Extra get-many filters. */
	filters?: INodeProperties[];
	/** The folder get many / get changes look in, when not the kind's default. */
	folderFor?(context: IExecuteFunctions, session: ExchangeSession, itemIndex: number, mailbox?: string): FolderId;
	/** Get-many filters that come from other parameters (e.g. a date window). */
	extraFilters?(context: IExecuteFunctions, itemIndex: number): IDataObject;
}

function extra(spec: ResourceSpec, operation: string): INodeProperties[] {
	return spec.extra?.[operation] ?? [];
}

function folderOf(context: IExecuteFunctions, spec: ResourceSpec, session: ExchangeSession) {
	return (itemIndex: number, mailbox?: string) =>
		spec.folderFor ? spec.folderFor(context, session, itemIndex, mailbox) : session.folder(spec.kind.folder, mailbox);
}

export function createOperation(spec: ResourceSpec): Operation {
	return {
		description: [
			...inputModeFields(spec.resource, 'create', spec.kind.noun, spec.fields),
			...extra(spec, 'create'),
		],
		async execute(session, itemIndexes) {
			return await createItems.call(this, session, itemIndexes, spec.kind);
		},
	};
}

export function getOperation(spec: ResourceSpec): Operation {
	return {
		description: [...locatorFields(spec.resource, ['get'], spec.kind.noun, false), ...extra(spec, 'get')],
		async execute(session, itemIndexes) {
			return await getItems.call(this, session, itemIndexes, spec.kind);
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
		async execute(session, itemIndexes) {
			return await getManyItems.call(
				this,
				session,
				itemIndexes,
				spec.kind,
				folderOf(this, spec, session),
				(itemIndex) => spec.extraFilters?.(this, itemIndex) ?? {},
			);
		},
	};
}

export function getByCrmRecordIdOperation(spec: ResourceSpec): Operation {
	return {
		description: crmRecordIdFields(spec.resource, spec.kind.noun),
		async execute(session, itemIndexes) {
			return await getItemsByCrmRecordIds.call(this, session, itemIndexes, spec.kind, folderOf(this, spec, session));
		},
	};
}

export function updateOperation(spec: ResourceSpec): Operation {
	return {
		description: [
			...locatorFields(spec.resource, ['update'], spec.kind.noun, true),
			...inputModeFields(spec.resource, 'update', spec.kind.noun, spec.fields),
			...extra(spec, 'update'),
		],
		async execute(session, itemIndexes) {
			return await updateItems.call(this, session, itemIndexes, spec.kind);
		},
	};
}

export function deleteOperation(spec: ResourceSpec): Operation {
	return {
		description: [
			...locatorFields(spec.resource, ['delete'], spec.kind.noun, true),
			...deleteFields(spec.resource, spec.kind.noun),
			...extra(spec, 'delete'),
		],
		async execute(session, itemIndexes) {
			return await deleteItems.call(this, session, itemIndexes, spec.kind);
		},
	};
}

export function getChangesOperation(spec: ResourceSpec): Operation {
	return {
		description: [...getChangesFields(spec.resource, spec.kind.noun), ...extra(spec, 'getChanges')],
		async execute(session, itemIndexes) {
			return await getChanges.call(this, session, itemIndexes, spec.kind, folderOf(this, spec, session));
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
