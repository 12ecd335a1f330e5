/**
 * "Chosen Meeting Time": the input item is the availability page's answer (`slot`, the label of
 * the time picked); the Report output is the Exchange event to create for it, or, when someone is
 * busy then, why not.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { chosenMeetingTime, type MeetingTimes } from '../core';
import { asNodeError, reportOutput } from '../helpers/outputs';
import { nodeNameParameter, outputsOfNamed } from '../helpers/parameters';

export const description: INodeProperties[] = [
	nodeNameParameter('chosenMeetingTime', 'Meeting Times Node', 'meetingTimesNode', 'Meeting Times', 'The Sync node that offered the times (Meeting Times), by its name on the canvas'),
];

export function execute(this: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[][] {
	const [times] = outputsOfNamed.call(this, 'meetingTimesNode', 'Meeting Times Node', 3);
	if (!times) throw new NodeOperationError(this.getNode(), 'Meeting Times Node has no output: name the Meeting Times node that built the availability page');
	const chosen = asNodeError.call(this, () => chosenMeetingTime(times as unknown as MeetingTimes, String(items[0]?.json.slot ?? '')));
	return reportOutput([chosen], items);
}
