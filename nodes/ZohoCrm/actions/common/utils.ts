/** Reading the shared parameters of an item into what the Zoho API takes. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';


export interface RecordAddress {
	/** The id or external-ID value, or undefined when the record (JSON) carries it. */
	value?: string;
	/** `X-EXTERNAL: <Module>.<field>` when the record is found by an external-ID field. */
	externalField?: string;
	headers: Record<string, string>;
}

export function recordAddressFor(this: IExecuteFunctions, itemIndex: number, module: string): RecordAddress {
	const value = String(this.getNodeParameter('recordId', itemIndex, '')).trim() || undefined;
	if (this.getNodeParameter('addressBy', itemIndex, 'id') !== 'externalId') return { value, headers: {} };
	const externalField = String(this.getNodeParameter('externalIdField', itemIndex, '')).trim();
	if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(externalField)) {
		throw new NodeOperationError(this.getNode(), `"${externalField}" is not a field API name`, { itemIndex });
	}
	return { value, externalField, headers: { 'X-EXTERNAL': `${module}.${externalField}` } };
}

/** The record id (or external-ID value) the item must give, for get and delete. */
export function requiredRecordId(this: IExecuteFunctions, itemIndex: number, address: RecordAddress): string {
	if (!address.value) {
		throw new NodeOperationError(this.getNode(), 'Record ID is empty', {
			itemIndex,
			description: address.externalField
				? `Give the value of ${address.externalField} of the record`
				: 'Give the Zoho ID of the record',
		});
	}
	return address.value;
}

/** The limit for get-many style operations: undefined when returning all. */
export function limitFor(this: IExecuteFunctions, itemIndex: number): number | undefined {
	return this.getNodeParameter('returnAll', itemIndex, false) ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
}

/** The If-Modified-Since header for a "modified since" option (HTTP date), if set. */
/** A date-time parameter as Zoho's header value (UTC, whole seconds), or nothing when empty. */
function timeHeader(name: string, value: unknown): Record<string, string> {
	if (typeof value !== 'string' || value.trim() === '') return {};
	const date = new Date(value);
	if (Number.isNaN(date.getTime())) return {};
	return { [name]: date.toISOString().replace(/\.\d{3}Z$/, '+00:00') };
}

export const modifiedSinceHeader = (value: unknown) => timeHeader('If-Modified-Since', value);
export const unmodifiedSinceHeader = (value: unknown) => timeHeader('If-Unmodified-Since', value);

export function splitList(value: unknown): string[] {
	if (Array.isArray(value)) return value.map(String).map((entry) => entry.trim()).filter(Boolean);
	return String(value ?? '')
		.split(',')
		.map((entry) => entry.trim())
		.filter(Boolean);
}

/** Output items for one input item, paired to it. */
export function toItems(this: IExecuteFunctions, itemIndex: number, data: IDataObject | IDataObject[]): INodeExecutionData[] {
	return this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(data), { itemData: { item: itemIndex } });
}

/** A JSON object: not null, not an array. */
export function isPlainObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
