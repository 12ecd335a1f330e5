/**
 * Which Zoho module an item works on: the one picked for the Record resource (any module,
 * custom ones too), or the fixed module behind the Contact, Lead … resources.
 */
import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ZohoApiUsage } from '../../transport';
import { zohoApiRequest } from '../../transport';

export const MODULE_BY_RESOURCE = {
	contact: 'Contacts',
	lead: 'Leads',
	account: 'Accounts',
	deal: 'Deals',
	task: 'Tasks',
	event: 'Events',
} as const;

export type FixedModuleResource = keyof typeof MODULE_BY_RESOURCE;

/** Resources whose operations act on a module's records. */
export const MODULE_RESOURCES = ['record', ...Object.keys(MODULE_BY_RESOURCE)] as Array<
	'record' | FixedModuleResource
>;

/** Module resources Zoho's upsert supports (not Tasks or Events). */
export const UPSERT_RESOURCES = ['record', 'contact', 'lead', 'account', 'deal'];

const MODULE_API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export function assertModuleName(this: IExecuteFunctions, name: string, itemIndex: number): string {
	if (!MODULE_API_NAME.test(name)) {
		throw new NodeOperationError(this.getNode(), `"${name}" is not a Zoho module API name`, {
			itemIndex,
			description: 'Use the module\'s API name, such as Contacts, Leads or a custom module\'s API name',
		});
	}
	return name;
}

/** The module API name for an item. */
export function moduleFor(this: IExecuteFunctions, itemIndex: number): string {
	const resource = this.getNodeParameter('resource', itemIndex) as string;
	if (resource in MODULE_BY_RESOURCE) return MODULE_BY_RESOURCE[resource as FixedModuleResource];
	const name = String(this.getNodeParameter('module', itemIndex, '', { extractValue: true })).trim();
	return assertModuleName.call(this, name, itemIndex);
}

/** The module while the user edits the node (resource mapper, list search). */
export function currentModule(this: ILoadOptionsFunctions): string | undefined {
	const resource = this.getCurrentNodeParameter('resource') as string | undefined;
	if (resource && resource in MODULE_BY_RESOURCE) return MODULE_BY_RESOURCE[resource as FixedModuleResource];
	const name = this.getCurrentNodeParameter('module', { extractValue: true });
	return typeof name === 'string' && MODULE_API_NAME.test(name) ? name : undefined;
}

/**
 * The id Zoho gives a module, which some payloads (an email's `linked_record`) require beside
 * its API name. The module list is read once per execution.
 */
export async function moduleIdFor(
	this: IExecuteFunctions,
	moduleName: string,
	itemIndex: number,
	usage: ZohoApiUsage,
): Promise<string> {
	if (!usage.moduleIds) {
		const { body } = await zohoApiRequest.call(this, { method: 'GET', path: '/settings/modules', itemIndex, usage });
		usage.moduleIds = Object.fromEntries(
			((body.modules as IDataObject[] | undefined) ?? []).map((module) => [String(module.api_name), String(module.id)]),
		);
	}
	const id = usage.moduleIds[moduleName];
	if (!id) {
		throw new NodeOperationError(this.getNode(), `Zoho CRM has no module "${moduleName}"`, {
			itemIndex,
			description: 'Use the API name of an existing module, such as Contacts, Leads, Accounts or Deals',
		});
	}
	return id;
}
