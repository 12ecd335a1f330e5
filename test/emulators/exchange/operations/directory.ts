/** ResolveNames (directory of the accounts plus the mailbox's contacts) and ConvertId. */
import { perElement, type OperationContext } from '../context';
import { itemXml } from '../items';
import { EwsError, responseMessages } from '../soap';
import { decodeItemId, type StoredItem } from '../store';
import { NS, child, children, isTrue, textOf, xml, type RawXml, type XNode } from '../xml';

interface Candidate {
	name: string;
	email: string;
	contact?: StoredItem;
}

function contactEmail(contact: StoredItem): string {
	return child(contact.props.get('EmailAddresses'), 'Entry')?.text ?? '';
}

export function resolveNames(context: OperationContext, operation: XNode): RawXml {
	const query = (textOf(operation, 'UnresolvedEntry') ?? '').replace(/^smtp:/i, '').trim().toLowerCase();
	const scope = operation.attrs.SearchScope ?? 'ActiveDirectoryContacts';
	const fullData = isTrue(operation.attrs.ReturnFullContactData);
	const matchesQuery = (...texts: string[]) => texts.some((t) => t.toLowerCase() === query || t.toLowerCase().split(/[\s@.]+/).some((w) => w.startsWith(query)) || t.toLowerCase().startsWith(query));
	const directory: Candidate[] = scope === 'Contacts' ? [] : context.auth.list().filter((a) => matchesQuery(a.displayName, a.smtp)).map((a) => ({ name: a.displayName, email: a.smtp }));
	const contactsFolder = context.store.distinguished(context.mailbox, 'contacts')!;
	const contacts: Candidate[] = scope === 'ActiveDirectory' ? [] : context.store
		.itemsIn(context.mailbox, contactsFolder.id)
		.filter((c) => matchesQuery(c.props.get('DisplayName')?.text ?? '', c.props.get('GivenName')?.text ?? '', c.props.get('Surname')?.text ?? '', contactEmail(c)))
		.map((c) => ({ name: c.props.get('DisplayName')?.text ?? contactEmail(c), email: contactEmail(c), contact: c }));
	const found = scope.startsWith('Contacts') ? [...contacts, ...directory] : [...directory, ...contacts];
	const resolution = (candidate: Candidate) =>
		xml(
			't:Resolution',
			{},
			xml(
				't:Mailbox',
				{},
				xml('t:Name', {}, candidate.name),
				xml('t:EmailAddress', {}, candidate.email),
				xml('t:RoutingType', {}, 'SMTP'),
				xml('t:MailboxType', {}, candidate.contact ? 'Contact' : 'Mailbox'),
				candidate.contact ? xml('t:ItemId', { Id: candidate.contact.id, ChangeKey: candidate.contact.changeKey }) : undefined,
			),
			fullData && candidate.contact ? itemXml(candidate.contact, { baseShape: 'AllProperties', additional: [] }, context.store) : undefined,
			fullData && !candidate.contact
				? xml('t:Contact', {}, xml('t:DisplayName', {}, candidate.name), xml('t:EmailAddresses', {}, xml('t:Entry', { Key: 'EmailAddress1' }, `SMTP:${candidate.email}`)), xml('t:ContactSource', {}, 'ActiveDirectory'))
				: undefined,
		);
	if (found.length === 0) {
		return responseMessages('ResolveNames', [new EwsError('ErrorNameResolutionNoResults', 'No results were found.')]);
	}
	const set = xml('m:ResolutionSet', { TotalItemsInView: found.length, IncludesLastItemInRange: true }, found.map(resolution));
	if (found.length === 1) return responseMessages('ResolveNames', [[set]]);
	const warning = xml(
		'm:ResolveNamesResponseMessage',
		{ ResponseClass: 'Warning' },
		xml('m:MessageText', {}, 'Multiple results were found.'),
		xml('m:ResponseCode', {}, 'ErrorNameResolutionMultipleResults'),
		xml('m:DescriptiveLinkKey', {}, 0),
		set,
	);
	return xml('m:ResolveNamesResponse', { 'xmlns:m': NS.messages, 'xmlns:t': NS.types }, xml('m:ResponseMessages', {}, warning));
}

const FORMATS: Record<string, (id: string) => string> = {
	EwsId: (id) => id,
	EwsLegacyId: (id) => id,
	EntryId: (id) => id,
	HexEntryId: (id) => Buffer.from(id, 'base64').toString('hex').toUpperCase(),
};

export function convertId(_context: OperationContext, operation: XNode): RawXml {
	const destination = operation.attrs.DestinationFormat;
	const outcomes = children(child(operation, 'SourceIds')).map((source) =>
		perElement(() => {
			const id = source.attrs.Format === 'HexEntryId' ? Buffer.from(source.attrs.Id, 'hex').toString('base64') : source.attrs.Id;
			const decoded = decodeItemId(id);
			if (!decoded) throw new EwsError('ErrorInvalidIdMalformed', 'Id is malformed.');
			const convert = FORMATS[destination];
			if (!convert) throw new EwsError('ErrorInvalidIdFormat', `Conversion to ${destination} is not supported by this emulator.`);
			return [
				xml('m:AlternateId', { 'xmlns:xsi': NS.xsi, 'xsi:type': 't:AlternateIdType', Format: destination, Id: convert(id), Mailbox: source.attrs.Mailbox ?? decoded.mailbox }),
			];
		}),
	);
	return responseMessages('ConvertId', outcomes);
}

/** GetRoomLists: the organization's room lists; the demo organization has none (getroomlists-operation). */
export function getRoomLists(): RawXml {
	return xml('m:GetRoomListsResponse', { 'xmlns:m': NS.messages, 'xmlns:t': NS.types, ResponseClass: 'Success' }, xml('m:ResponseCode', {}, 'NoError'), xml('m:RoomLists'));
}
