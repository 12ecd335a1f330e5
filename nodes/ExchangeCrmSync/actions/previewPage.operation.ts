/**
 * "Preview Page": each input item is one user's and object's preview (the object workflow's answer
 * to a Preview Only run) or the error that run ended with; the output is one page.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { previewPage } from '../core';
import type { PreviewPageEntry, RunPreview, SyncObject } from '../core';
import { reportOutput } from '../helpers/outputs';
import { addressList, isObject } from '../helpers/parameters';

export const description: INodeProperties[] = [
	{
		displayName: 'Users',
		name: 'previewUsers',
		type: 'string',
		default: '',
		description: 'The users the preview was asked for (comma-separated emails; empty: every active user), shown again in the page\'s form',
		displayOptions: { show: { operation: ['previewPage'] } },
	},
	{
		displayName: 'Objects',
		name: 'previewObjects',
		type: 'string',
		default: 'contacts,tasks,events,mail',
		description: 'The objects the preview was asked for (comma-separated, or a list), ticked in the page\'s form. Each input item is one user\'s and object\'s preview: {user, mailbox, object, since, preview} or {mailbox, object, error}.',
		displayOptions: { show: { operation: ['previewPage'] } },
	},
];

const SYNC_OBJECTS: SyncObject[] = ['contacts', 'tasks', 'events', 'mail'];

export function execute(this: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[][] {
	const entries: PreviewPageEntry[] = items.map((item, itemIndex) => {
		const json = item.json;
		const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
		const error = isObject(json.error) ? text(json.error.message) : text(json.error);
		const preview = isObject(json.preview) && isObject(json.preview.counts) && Array.isArray(json.preview.writes) ? (json.preview as unknown as RunPreview) : undefined;
		if (error === undefined && preview === undefined) {
			throw new NodeOperationError(this.getNode(), `Item ${itemIndex} is neither a preview nor an error: connect the answers of Plan Sync runs with Preview Only on`, { itemIndex });
		}
		return {
			...(text(json.user) ? { user: text(json.user) } : {}),
			mailbox: text(json.mailbox) ?? text(preview?.mailbox) ?? '',
			object: text(json.object) ?? text(preview?.object) ?? '',
			...(text(json.since) ? { since: text(json.since) } : {}),
			...(preview ? { preview } : {}),
			...(error !== undefined ? { error } : {}),
		};
	});
	const objects = addressList(this.getNodeParameter('previewObjects', 0, '')).filter((object) => (SYNC_OBJECTS as string[]).includes(object));
	const page = previewPage(entries, { users: String(this.getNodeParameter('previewUsers', 0, '')), objects, allObjects: SYNC_OBJECTS });
	return reportOutput([page], items);
}
