/**
 * Runs the Zoho CRM node (or a trigger method) against the local Zoho server the way n8n
 * would: real parameters, a connected credential and the OAuth-aware request helper.
 */
import type { ICredentialDataDecryptedObject, INodeExecutionData } from 'n8n-workflow';

import { ZohoCrm } from '../../nodes/ZohoCrm/ZohoCrm.node';
import type { ContextOptions } from './nodeContext';
import { nodeContext } from './nodeContext';
import type { ZohoAuthStats } from './zohoAuth';
import { refreshZohoToken, zohoAuthHelpers, zohoTestCredentials } from './zohoAuth';

export interface ZohoSession {
	credentials: ICredentialDataDecryptedObject;
	stats: ZohoAuthStats;
	/** A node context on this session's credential; `options` as for nodeContext. */
	context(options: Omit<ContextOptions, 'credentials'>): ReturnType<typeof nodeContext>;
	/** Runs the node's execute() and returns its single output. */
	run(
		parameters: ContextOptions['parameters'],
		items?: INodeExecutionData[],
		options?: Omit<ContextOptions, 'credentials' | 'parameters' | 'items'>,
	): Promise<INodeExecutionData[]>;
}

/**
 * A connected credential (it holds a live access token, as after n8n's OAuth2 connect) used by
 * every run of the session, so a refreshed token carries over between runs, as in n8n.
 */
export async function zohoSession(origin: string, refreshToken?: string): Promise<ZohoSession> {
	const credentials = zohoTestCredentials(origin, refreshToken);
	await refreshZohoToken(credentials);
	const auth = zohoAuthHelpers();
	const context: ZohoSession['context'] = (options) =>
		nodeContext({
			...options,
			credentials: { zohoCrmOAuth2Api: credentials },
			helpers: { ...auth.helpers, ...options.helpers },
		});
	return {
		credentials,
		stats: auth.stats,
		context,
		async run(parameters, items = [{ json: {} }], options = {}) {
			const [output] = await new ZohoCrm().execute.call(context({ ...options, parameters, items }));
			return output;
		},
	};
}
