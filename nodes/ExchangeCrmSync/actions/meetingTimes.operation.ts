/**
 * "Meeting Times": reads the checked request and the lookups from the nodes it names; the Report
 * output is each attendee as CRM contact, CRM lead, colleague or unknown, the times to offer (the
 * requested one, then Exchange's suggestions at which everyone is free) and the availability page.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { meetingTimes, type MeetingRequest } from '../core';
import { asNodeError, reportOutput } from '../helpers/outputs';
import { nodeNameParameter, outputsOfNamed } from '../helpers/parameters';

const nodeName = (displayName: string, name: string, defaultName: string, description: string) => nodeNameParameter('meetingTimes', displayName, name, defaultName, description);

export const description: INodeProperties[] = [
	nodeName('Request Node', 'requestNode', 'Check Meeting Request', 'The Sync node that checked the request (Check Meeting Request), by its name on the canvas'),
	nodeName('CRM Contacts Node', 'crmContactsNode', 'Find CRM contacts', 'The Zoho CRM node that searched Contacts for the attendees\' addresses'),
	nodeName('CRM Leads Node', 'crmLeadsNode', 'Find CRM leads', 'The Zoho CRM node that searched Leads for the attendees\' addresses'),
	nodeName('Free/Busy Node', 'freeBusyNode', 'Free/busy', 'The Exchange node that read everyone\'s free/busy (Availability → Get Free/Busy)'),
	nodeName('Suggestions Node', 'suggestionsNode', 'Suggested times', 'The Exchange node that read suggested times (Availability → Get Suggestions)'),
];

export function execute(this: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[][] {
	// Check Meeting Request answers on the Sync node's Report output.
	const [request] = outputsOfNamed.call(this, 'requestNode', 'Request Node', 3);
	if (!request) throw new NodeOperationError(this.getNode(), 'Request Node has no output: name the Check Meeting Request node that runs before this one');
	const lookups = {
		crmContacts: outputsOfNamed.call(this, 'crmContactsNode', 'CRM Contacts Node'),
		crmLeads: outputsOfNamed.call(this, 'crmLeadsNode', 'CRM Leads Node'),
		freeBusy: outputsOfNamed.call(this, 'freeBusyNode', 'Free/Busy Node'),
		suggestions: outputsOfNamed.call(this, 'suggestionsNode', 'Suggestions Node'),
	};
	const times = asNodeError.call(this, () => meetingTimes(request as unknown as MeetingRequest, lookups));
	return reportOutput([times], items);
}
