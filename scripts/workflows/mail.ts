/**
 * The mail workflow's writes: each To CRM item of the Sync node (object Mail) attaches one
 * message to one CRM record.
 */
import { connect, continueOnError, node, PACKAGE, zohoCredentials, type AddNode, type Connections } from './nodes';

/** Mail: each To CRM item attaches one message to one CRM record (Zoho keeps one copy per Message-ID). */
export function addMailWrites(add: AddNode, connections: Connections): string[] {
	const email = (field: string) => `={{ $json.record.email.${field} }}`;
	add(
		node('Attach to CRM record', `${PACKAGE}.zohoCrm`, 1, [1240, 160], {
			resource: 'email',
			operation: 'associate',
			parentModule: '={{ $json.module }}',
			parentId: '={{ $json.id }}',
			originalMessageId: email('originalMessageId'),
			from: email('from'),
			to: email('to'),
			subject: email('subject'),
			content: email('content'),
			dateTime: `={{ $json.record.email.dateTime ?? '' }}`,
			options: { cc: email('cc'), bcc: email('bcc'), mailFormat: email('mailFormat'), sent: email('sent') },
		}, { credentials: zohoCredentials, ...continueOnError }),
	);
	connect(connections, 'Exchange ⇄ CRM Sync', 1, 'Attach to CRM record');
	return ['Attach to CRM record'];
}

