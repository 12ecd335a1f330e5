import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions, ITriggerFunctions } from 'n8n-workflow';
import { MailboxType, ResolveNameSearchLocation } from 'ews-javascript-api';
import type { AnyItemType } from '../../helpers/itemTypes';
import type { ItemResult } from '../../helpers/results';
import type {
	Attachment,
	AvailabilityRequest,
	ChangesPage,
	ChangesQuery,
	CreateRequest,
	CursorExpired,
	DeleteRequest,
	ExchangeTransport,
	FindQuery,
	FolderInfo,
	FolderRef,
	ItemLocator,
	MoveRequest,
	OccurrenceDeletion,
	OutgoingMessage,
	SuggestionRequest,
	UpdateRequest,
	Watch,
	WatchRequest,
} from '../index';
import { getFreeBusy, getSuggestions } from './availability';
import { listFolders } from './folders';
import { createItems, deleteItems, findItems, getItems, moveItems, syncPage, updateItems } from './itemOperations';
import { composeMessage, getAttachments } from './mail';
import { deleteOccurrences, withExceptions } from './occurrences';
import { ExchangeSession } from './session';
import { watch } from './streaming';
import { xmlText } from './xml';

/**
 * The Exchange transport for Exchange Server on premises, over EWS with ews-javascript-api: one
 * ExchangeSession (a service per mailbox, throttling retries, errors in plain words) per execution.
 */
export class EwsTransport implements ExchangeTransport {
	constructor(readonly session: ExchangeSession) {}

	static async fromContext(
		context: IExecuteFunctions | IPollFunctions | ITriggerFunctions | ILoadOptionsFunctions,
	): Promise<EwsTransport> {
		return new EwsTransport(await ExchangeSession.fromContext(context));
	}

	mailboxAddress(mailbox?: string): string {
		return this.session.mailboxAddress(mailbox);
	}

	async createItems(type: AnyItemType, requests: CreateRequest[]): Promise<ItemResult[]> {
		return await createItems(this.session, type, requests);
	}

	async getItems(type: AnyItemType, locators: ItemLocator[]): Promise<ItemResult[]> {
		return await getItems(this.session, type, locators);
	}

	async updateItems(type: AnyItemType, requests: UpdateRequest[], before?: Map<number, IDataObject>): Promise<ItemResult[]> {
		return await updateItems(this.session, type, requests, before);
	}

	async deleteItems(type: AnyItemType, requests: DeleteRequest[]): Promise<ItemResult[]> {
		return await deleteItems(this.session, type, requests);
	}

	async moveItems(type: AnyItemType, requests: MoveRequest[]): Promise<ItemResult[]> {
		return await moveItems(this.session, type, requests);
	}

	async findItems(type: AnyItemType, query: FindQuery, itemIndex?: number): Promise<IDataObject[]> {
		return await findItems(this.session, type, query, itemIndex);
	}

	async getChanges(type: AnyItemType, query: ChangesQuery, itemIndex?: number): Promise<ChangesPage | CursorExpired> {
		// Exchange answers ErrorInvalidSyncStateData for a sync state it no longer accepts.
		return await syncPage(this.session, type, query, itemIndex).catch(async (error: unknown) =>
			query.cursor !== '' && (error as { context?: IDataObject }).context?.responseCode === 'ErrorInvalidSyncStateData'
				? { cursorExpired: true as const }
				: await Promise.reject(error),
		);
	}

	/** Follows a folder's changes to the end without loading items. */
	async currentCursor(type: AnyItemType, mailbox?: string, folder?: FolderRef): Promise<string> {
		let cursor = '';
		for (let more = true; more; ) {
			const page = await syncPage(this.session, type, { mailbox, folder, cursor, loadItems: false });
			cursor = page.cursor;
			more = page.moreChangesAvailable;
		}
		return cursor;
	}

	async withExceptions(mailbox: string | undefined, events: IDataObject[], itemIndex: number): Promise<IDataObject[]> {
		return await withExceptions(this.session, mailbox, events, itemIndex);
	}

	async deleteOccurrences(request: OccurrenceDeletion): Promise<IDataObject> {
		return await deleteOccurrences(this.session, request);
	}

	async composeMessage(message: OutgoingMessage, itemIndex: number): Promise<IDataObject | undefined> {
		return await composeMessage(this.session, message, itemIndex);
	}

	async getAttachments(mailbox: string | undefined, id: string, itemIndex: number): Promise<Attachment[]> {
		return await getAttachments(this.session, mailbox, id, itemIndex);
	}

	async getFreeBusy(request: AvailabilityRequest, itemIndex: number): Promise<IDataObject[]> {
		return await getFreeBusy(this.session, request, itemIndex);
	}

	async getSuggestions(request: SuggestionRequest, itemIndex: number): Promise<IDataObject[]> {
		return await getSuggestions(this.session, request, itemIndex);
	}

	/** ResolveNames: directory first, then the mailbox's contacts. */
	async resolveNames(mailbox: string | undefined, name: string, itemIndex: number): Promise<IDataObject[]> {
		const resolutions = await this.session.call(
			mailbox,
			async (service) => await service.ResolveName(xmlText(name), ResolveNameSearchLocation.DirectoryThenContacts, true),
			itemIndex,
		);
		return resolutions.GetEnumerator().map((resolution) => ({
			name: resolution.Mailbox.Name ?? null,
			email: resolution.Mailbox.Address ?? null,
			routingType: resolution.Mailbox.RoutingType ?? null,
			// The type's name as EWS writes it (Mailbox, Contact, PublicGroup …), not the client's enum number.
			mailboxType: resolution.Mailbox.MailboxType !== undefined ? MailboxType[resolution.Mailbox.MailboxType] : null,
		}));
	}

	async listFolders(mailbox?: string): Promise<FolderInfo[]> {
		return await listFolders(this.session, mailbox);
	}

	async watch(type: AnyItemType, request: WatchRequest): Promise<Watch> {
		return await watch(this.session, type, request);
	}
}
