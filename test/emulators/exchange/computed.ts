/**
 * Properties Exchange computes when an item is read rather than storing what a client wrote:
 * answered when a shape asks for them by FieldURI. The body in other forms (TextBody,
 * MimeContent), the display lists of recipients, the conversation topic, size and rights, a
 * meeting's duration and state, a contact's complete name.
 */
import { DateTime } from 'luxon';
import type { StoredItem } from './store';
import { isMessageKind } from './store';
import { element, textOf, writeNode, type XNode } from './xml';

/** Subject prefixes a reply or forward adds, which the conversation topic leaves out. */
const REPLY_PREFIXES = /^((re|fw|fwd|aw|wg|sv|vs)\s*:\s*)+/i;

function names(list: XNode | undefined): string {
	return (list?.children ?? []).map((mailbox) => textOf(mailbox, 'Name') || textOf(mailbox, 'EmailAddress') || '').join('; ');
}

function rfc2047(text: string): string {
	return /^[\x20-\x7e]*$/.test(text) ? text : `=?utf-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

function addresses(list: XNode | undefined): string {
	return (list?.children ?? [])
		.map((mailbox) => {
			const name = textOf(mailbox, 'Name');
			const email = textOf(mailbox, 'EmailAddress') ?? '';
			return name ? `${rfc2047(name)} <${email}>` : email;
		})
		.join(', ');
}

const base64Lines = (data: Buffer) => (data.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');

/** The message as RFC 5322 MIME (base64-encoded parts), as MimeContent carries it. */
function mime(item: StoredItem): string {
	const props = item.props;
	const sent = props.get('DateTimeSent')?.text ?? props.get('DateTimeCreated')?.text;
	const headers = [
		['From', addresses(props.get('From'))],
		['To', addresses(props.get('ToRecipients'))],
		['Cc', addresses(props.get('CcRecipients'))],
		['Subject', rfc2047(props.get('Subject')?.text ?? '')],
		['Date', sent ? DateTime.fromISO(sent, { zone: 'utc' }).toRFC2822()! : ''],
		['Message-ID', props.get('InternetMessageId')?.text ?? ''],
		['In-Reply-To', props.get('InReplyTo')?.text ?? ''],
		['References', props.get('References')?.text ?? ''],
		['MIME-Version', '1.0'],
	].filter(([, value]) => value);
	const body = props.get('Body');
	const bodyPart = [
		`Content-Type: ${body?.attrs.BodyType === 'HTML' ? 'text/html' : 'text/plain'}; charset="utf-8"`,
		'Content-Transfer-Encoding: base64',
		'',
		base64Lines(Buffer.from(body?.text ?? '', 'utf8')),
	].join('\r\n');
	const files = item.attachments.filter((a) => a.name === 'FileAttachment');
	const head = headers.map(([name, value]) => `${name}: ${value}`).join('\r\n');
	if (files.length === 0) return `${head}\r\n${bodyPart}\r\n`;
	const boundary = `_boundary_${item.changeKey.replace(/[^A-Za-z0-9]/g, '')}_`;
	const parts = [
		bodyPart,
		...files.map((file) =>
			[
				`Content-Type: ${textOf(file, 'ContentType') ?? 'application/octet-stream'}; name="${rfc2047(textOf(file, 'Name') ?? 'attachment')}"`,
				`Content-Disposition: attachment; filename="${rfc2047(textOf(file, 'Name') ?? 'attachment')}"`,
				'Content-Transfer-Encoding: base64',
				'',
				base64Lines(Buffer.from(textOf(file, 'Content') ?? '', 'base64')),
			].join('\r\n'),
		),
	];
	return `${head}\r\nContent-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n${parts.map((part) => `--${boundary}\r\n${part}\r\n`).join('')}--${boundary}--\r\n`;
}

/** AppointmentState bits (MS-OXOCAL PidLidAppointmentStateFlags): 1 a meeting, 2 received (an attendee's copy), 4 cancelled. */
function appointmentState(item: StoredItem): number {
	const meeting = item.props.get('IsMeeting')?.text === 'true' ? 1 : 0;
	const received = meeting && item.props.get('MyResponseType')?.text !== 'Organizer' ? 2 : 0;
	const cancelled = item.props.get('IsCancelled')?.text === 'true' ? 4 : 0;
	return meeting | received | cancelled;
}

/** The property `name` as Exchange computes it for this item, or undefined when it has none. */
export function computedProperty(item: StoredItem, name: string, bodyAsText: (body: XNode) => string): XNode | undefined {
	const props = item.props;
	const message = isMessageKind(item.kind);
	switch (name) {
		case 'TextBody': {
			const body = props.get('Body');
			return body ? element('TextBody', { BodyType: 'Text', IsTruncated: 'false' }, bodyAsText(body)) : undefined;
		}
		case 'MimeContent':
			return message ? element('MimeContent', { CharacterSet: 'UTF-8' }, Buffer.from(mime(item), 'utf8').toString('base64')) : undefined;
		case 'DisplayTo':
			return message ? element('DisplayTo', {}, names(props.get('ToRecipients'))) : undefined;
		case 'DisplayCc':
			return message ? element('DisplayCc', {}, names(props.get('CcRecipients'))) : undefined;
		case 'ConversationTopic':
			return message ? element('ConversationTopic', {}, (props.get('Subject')?.text ?? '').replace(REPLY_PREFIXES, '')) : undefined;
		case 'Size':
			return element('Size', {}, String([...props.values()].reduce((size, node) => size + Buffer.byteLength(writeNode(node)), 0) + item.attachments.reduce((size, a) => size + Buffer.byteLength(writeNode(a)), 0)));
		case 'EffectiveRights':
			// The owner (or an impersonating service account) may read, change and delete every item.
			return element('EffectiveRights', {}, ...['CreateAssociated', 'CreateContents', 'CreateHierarchy'].map((right) => element(right, {}, 'false')), ...['Delete', 'Modify', 'Read', 'ViewPrivateItems'].map((right) => element(right, {}, 'true')));
		case 'Duration': {
			const start = props.get('Start')?.text;
			const end = props.get('End')?.text;
			return item.kind === 'CalendarItem' && start && end ? element('Duration', {}, DateTime.fromISO(end).diff(DateTime.fromISO(start)).shiftTo('days', 'hours', 'minutes').toISO()!) : undefined;
		}
		case 'AppointmentState':
			return item.kind === 'CalendarItem' ? element('AppointmentState', {}, String(appointmentState(item))) : undefined;
		case 'CompleteName': {
			if (item.kind !== 'Contact') return undefined;
			const parts: Array<[string, string]> = [['FirstName', 'GivenName'], ['MiddleName', 'MiddleName'], ['LastName', 'Surname'], ['Suffix', 'Generation'], ['Initials', 'Initials'], ['FullName', 'DisplayName'], ['Nickname', 'Nickname']];
			return element('CompleteName', {}, ...parts.filter(([, stored]) => props.get(stored)?.text).map(([part, stored]) => element(part, {}, props.get(stored)!.text)));
		}
		default:
			return undefined;
	}
}
