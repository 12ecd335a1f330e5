import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { zohoApiRequest } from '../transport';

/** The org's modules that the API can use, standard and custom, filtered by name. */
export async function searchModules(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const { body } = await zohoApiRequest.call(this, { method: 'GET', path: '/settings/modules' });
	const needle = filter?.toLowerCase() ?? '';
	const results = ((body.modules as IDataObject[] | undefined) ?? [])
		.filter((module) => module.api_supported !== false)
		.map((module) => ({
			name: String(module.plural_label ?? module.module_name ?? module.api_name),
			value: String(module.api_name),
		}))
		.filter((module) => !needle || module.name.toLowerCase().includes(needle) || module.value.toLowerCase().includes(needle))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}
