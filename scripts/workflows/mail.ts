/**
 * The mail workflow's CRM → Exchange reads (mail sent from CRM records since the last run) and
 * its writes: each To CRM item of the Sync node (object Mail) attaches one message to one CRM
 * record, each To Exchange item files a copy of CRM-sent mail in Sent Items.
 */
import {
	assignments,
	condition,
	conditions,
	connect,
	continueOnError,
	exchangeCredentials,
	LAST_SYNC,
	node,
	PACKAGE,
	settingsOf,
	zohoCredentials,
	type AddNode,
	type Connections,
} from './nodes';
import type { WriteNodes } from './definitions';

/** The last run's cursor as COQL wants a datetime: whole seconds with a numeric offset. */
const SINCE_FOR_COQL = `DateTime.fromISO(${LAST_SYNC}.since).toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ssZZ")`;

/**
 * Mail the user sent from CRM records since the last run, with its content: only when the
 * settings copy CRM mail to Exchange and a last run exists (the first run starts the cursor and
 * copies no older mail). Cost: one COQL call per module, then one Emails list per record with
 * activity since the last run, and one Get per new e-mail of the user. Zoho moves a record's
 * Last_Activity_Time when mail is sent from it. Returns the node whose output is the e-mails.
 */
export function addCrmSentMailReads(add: AddNode, connections: Connections): string {
	const copiesCrmMail = `(${settingsOf('syncType')} === 'twoWay' || ${settingsOf('direction')} === 'crmToExchange') && !!${LAST_SYNC}.since`;
	add(
		node('Copies CRM mail to Exchange', 'n8n-nodes-base.filter', 2.2, [600, 400], {
			conditions: conditions([condition('copies', `={{ ${copiesCrmMail} }}`)]),
			options: {},
		}),
	);
	add(node('CRM mail modules', 'n8n-nodes-base.set', 3.4, [840, 400], assignments([['modules', 'array', `={{ ${settingsOf('crmMailModules')} }}`]])));
	add(node('One item per CRM mail module', 'n8n-nodes-base.splitOut', 1, [1080, 400], { fieldToSplitOut: 'modules', options: { destinationFieldName: 'module' } }));
	add(
		node('Records with new activity', `${PACKAGE}.zohoCrm`, 1, [1320, 400], {
			resource: 'record',
			operation: 'query',
			query: `=select id from {{ $json.module }} where Last_Activity_Time >= '{{ ${SINCE_FOR_COQL} }}'`,
			returnAll: true,
		}, { credentials: zohoCredentials }),
	);
	add(
		node('Mail sent from these records', `${PACKAGE}.zohoCrm`, 1, [1560, 400], {
			resource: 'email',
			operation: 'getAll',
			parentModule: "={{ $('One item per CRM mail module').item.json.module }}",
			parentId: '={{ $json.id }}',
			emailType: 'sent_from_crm',
			returnAll: true,
		}, { credentials: zohoCredentials }),
	);
	const mailbox = `${settingsOf('mailbox')}.toLowerCase()`;
	const sentByTheUser = `(${settingsOf('ownerId')} ? $json.owner?.id === ${settingsOf('ownerId')} : String($json.from?.email ?? '').toLowerCase() === ${mailbox})`;
	add(
		node('Sent by the user since the last run', 'n8n-nodes-base.filter', 2.2, [1800, 400], {
			conditions: conditions([
				condition('sender', `={{ ${sentByTheUser} }}`),
				// Zoho's e-mail times are whole seconds: mail of the second the last run started counts (the Sync node copies a message once).
				condition('since', `={{ DateTime.fromISO($json.time) >= DateTime.fromISO(${LAST_SYNC}.since).startOf('second') }}`),
			]),
			options: {},
		}),
	);
	add(
		node('CRM mail content', `${PACKAGE}.zohoCrm`, 1, [2040, 400], {
			resource: 'email',
			operation: 'get',
			parentModule: '={{ $json.linked_record.module.api_name }}',
			parentId: '={{ $json.linked_record.id }}',
			messageId: '={{ $json.message_id }}',
			ownerId: '={{ $json.owner.id }}',
		}, { credentials: zohoCredentials }),
	);
	connect(connections, 'Last sync', 0, 'Copies CRM mail to Exchange');
	connect(connections, 'Copies CRM mail to Exchange', 0, 'CRM mail modules');
	connect(connections, 'CRM mail modules', 0, 'One item per CRM mail module');
	connect(connections, 'One item per CRM mail module', 0, 'Records with new activity');
	connect(connections, 'Records with new activity', 0, 'Mail sent from these records');
	connect(connections, 'Mail sent from these records', 0, 'Sent by the user since the last run');
	connect(connections, 'Sent by the user since the last run', 0, 'CRM mail content');
	return 'CRM mail content';
}

/** Mail: each To CRM item attaches one message to one CRM record (Zoho keeps one copy per Message-ID); each To Exchange item files one copy in Sent Items. */
export function addMailWrites(add: AddNode, connections: Connections): WriteNodes {
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
	// CRM-sent mail: a copy filed as sent (not a draft, nobody receives it), linked by its sync id.
	add(
		node('Save to Sent Items', `${PACKAGE}.microsoftExchange`, 1, [1240, -40], {
			resource: 'message',
			operation: 'saveSent',
			inputMode: 'json',
			itemJson: '={{ $json.fields }}',
			folder: 'sentitems',
			mailbox: '={{ $json.mailbox }}',
		}, { credentials: exchangeCredentials, ...continueOnError }),
	);
	connect(connections, 'Exchange ⇄ CRM Sync', 0, 'Save to Sent Items');
	return { exchange: { create: ['Save to Sent Items'] }, crm: { create: ['Attach to CRM record'] } };
}

