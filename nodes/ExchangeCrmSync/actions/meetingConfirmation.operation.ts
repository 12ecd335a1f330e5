/**
 * "Meeting Confirmation": reads the event created in Exchange and the CRM create from the nodes it
 * names; the Report output is the last page's title and message: what was created on each side.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { meetingConfirmation } from '../core';
import { asNodeError, reportOutput } from '../helpers/outputs';
import { nodeNameParameter, outputsOfNamed } from '../helpers/parameters';

export const description: INodeProperties[] = [
	nodeNameParameter('meetingConfirmation', 'Exchange Event Node', 'exchangeEventNode', 'Create event in Exchange', 'The Exchange node that created the event, by its name on the canvas'),
	nodeNameParameter(
		'meetingConfirmation',
		'CRM Event Node',
		'crmEventNode',
		'Create in CRM',
		'The Zoho CRM node that created the CRM event; when it did not run, the page says the next events sync creates it',
	),
];

export function execute(this: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[][] {
	const [created] = outputsOfNamed.call(this, 'exchangeEventNode', 'Exchange Event Node');
	if (!created) throw new NodeOperationError(this.getNode(), 'Exchange Event Node has no output: name the node that created the Exchange event');
	const [crm] = outputsOfNamed.call(this, 'crmEventNode', 'CRM Event Node');
	return reportOutput([asNodeError.call(this, () => meetingConfirmation(created, crm))], items);
}
