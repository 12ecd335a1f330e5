import type { INodeProperties } from 'n8n-workflow';
import { inputModeFields } from '../../descriptions/common.description';
import { createItems } from '../../helpers/itemOperations';
import { sentMessageType } from '../../helpers/itemTypes/message';
import type { Operation } from '../itemOperation';
import { folderFields, folderFromParameters, messageFields } from './fields';

/** Who sent the message, when, and the link to where it was sent from. */
const sentCopyOptions: INodeProperties[] = [
	{ displayName: 'From', name: 'from', type: 'string', default: '', description: 'Email address of the sender' },
	{ displayName: 'Sent At', name: 'sentAt', type: 'dateTime', default: '', description: 'When the message was sent' },
	{
		displayName: 'Sync ID',
		name: 'syncId',
		type: 'string',
		default: '',
		description: 'Link to where the message was sent from (e.g. the CRM email ID), stored on the copy so it is recognised later',
	},
];

const sentCopyFields: INodeProperties = {
	...messageFields,
	options: [...(messageFields.options as INodeProperties[]), ...sentCopyOptions].sort((a, b) => a.displayName.localeCompare(b.displayName)),
};

export const { description, execute }: Operation = {
	description: [...inputModeFields('message', 'saveSent', 'message', sentCopyFields), ...folderFields('folder', 'Folder', ['saveSent'], 'sentitems')],
	async execute(transport, itemIndexes) {
		// One batched CreateItem (SaveOnly) per mailbox and folder: a copy, not a sent message, so nobody receives it again.
		return await createItems.call(this, transport, itemIndexes, sentMessageType, (itemIndex) =>
			folderFromParameters(this, 'folder', itemIndex),
		);
	},
};
