import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { searchModules } from './listSearch';

/** Modules as options (the trigger's module list). */
export async function getModules(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { results } = await searchModules.call(this);
	return results.map(({ name, value }) => ({ name, value: String(value) }));
}
