/**
 * An in-process stand-in for the HTTP layer of ews-javascript-api: the real client builds and
 * parses SOAP as usual, and each request is answered by a handler with canned EWS XML. Unit tests
 * use it to check what the node sends (escaping, batching) and how it reads replies (per-item
 * errors, faults) without a server; integration tests use the local Exchange server instead.
 */
import type { IXHRApi, IXHROptions } from 'ews-javascript-api';
import { ExchangeSession } from '../../../../nodes/MicrosoftExchange/transport/ews/session';
import type { SessionOptions } from '../../../../nodes/MicrosoftExchange/transport/ews/session';
import { readExchangeCredentials } from '../../../../nodes/MicrosoftExchange/transport/ews/credentials';

export interface FakeReply {
	status?: number;
	body: string;
	headers?: Record<string, string>;
}

export interface RecordedRequest {
	operation: string;
	body: string;
}

export type FakeHandler = (request: RecordedRequest, index: number) => FakeReply;

const TYPES = 'http://schemas.microsoft.com/exchange/services/2006/types';
const MESSAGES = 'http://schemas.microsoft.com/exchange/services/2006/messages';

export class FakeEws implements IXHRApi {
	readonly requests: RecordedRequest[] = [];

	constructor(private readonly handler: FakeHandler) {}

	async xhr(options: IXHROptions): Promise<XMLHttpRequest> {
		const body = String(options.data ?? '');
		const operation = /<soap:Body><m:(\w+)/.exec(body)?.[1] ?? 'unknown';
		const request = { operation, body };
		this.requests.push(request);
		const reply = this.handler(request, this.requests.length - 1);
		const headers = { 'content-type': 'text/xml; charset=utf-8', ...reply.headers };
		const response = {
			status: reply.status ?? 200,
			responseText: reply.body,
			headers,
			getAllResponseHeaders: () => Object.entries(headers).map(([key, value]) => `${key}: ${value}`).join('\r\n'),
			getResponseHeader: (name: string) => headers[name.toLowerCase() as keyof typeof headers] ?? null,
		} as unknown as XMLHttpRequest;
		if (response.status === 200) return response;
		throw response;
	}

	async xhrStream(): Promise<XMLHttpRequest> {
		throw new Error('streaming is not faked');
	}

	disconnect(): void {}

	operations(): string[] {
		return this.requests.map((request) => request.operation);
	}
}

export const TEST_PASSWORD = 'S3cr3t&<pw>';

export function fakeSession(fake: FakeEws, options: SessionOptions & { impersonation?: boolean } = {}): ExchangeSession {
	const credentials = readExchangeCredentials({
		url: 'https://exchange.test/EWS/Exchange.asmx',
		authentication: 'basic',
		username: 'svc-sync@example.test',
		password: TEST_PASSWORD,
		impersonation: options.impersonation ?? true,
	});
	const node = { id: 'n', name: 'Exchange', type: 'microsoftExchange', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
	return new ExchangeSession(node, credentials, { wait: async () => {}, ...options, createXhr: () => fake });
}

export function envelope(body: string): string {
	return (
		'<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">' +
		'<s:Header><h:ServerVersionInfo MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" MinorBuildNumber="6" ' +
		`xmlns:h="${TYPES}"/></s:Header>` +
		`<s:Body xmlns:m="${MESSAGES}" xmlns:t="${TYPES}">${body}</s:Body></s:Envelope>`
	);
}

export type Message = { ok: string } | { error: string; text?: string; values?: Record<string, string> };

export function responseMessages(operation: string, messages: Message[]): FakeReply {
	const inner = messages
		.map((message) => {
			if ('ok' in message) {
				return `<m:${operation}ResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>${message.ok}</m:${operation}ResponseMessage>`;
			}
			const values = Object.entries(message.values ?? {})
				.map(([name, value]) => `<t:Value Name="${name}">${value}</t:Value>`)
				.join('');
			return (
				`<m:${operation}ResponseMessage ResponseClass="Error"><m:MessageText>${message.text ?? message.error}</m:MessageText>` +
				`<m:ResponseCode>${message.error}</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>` +
				(values ? `<m:MessageXml>${values}</m:MessageXml>` : '') +
				`</m:${operation}ResponseMessage>`
			);
		})
		.join('');
	return { body: envelope(`<m:${operation}Response><m:ResponseMessages>${inner}</m:ResponseMessages></m:${operation}Response>`) };
}

export function soapFault(code: string, message: string, values: Record<string, string> = {}, status = 500): FakeReply {
	const messageXml = Object.entries(values)
		.map(([name, value]) => `<t:Value Name="${name}">${value}</t:Value>`)
		.join('');
	return {
		status,
		body:
			'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>' +
			`<faultcode xmlns:a="${TYPES}">a:${code}</faultcode><faultstring xml:lang="en-US">${message}</faultstring>` +
			`<detail><e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">${code}</e:ResponseCode>` +
			`<e:Message xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">${message}</e:Message>` +
			(messageXml ? `<t:MessageXml xmlns:t="${TYPES}">${messageXml}</t:MessageXml>` : '') +
			'</detail></s:Fault></s:Body></s:Envelope>',
	};
}

export function contactXml(id: string, fields: { givenName?: string; surname?: string; email?: string; syncId?: string } = {}): string {
	const syncId = fields.syncId
		? '<t:ExtendedProperty><t:ExtendedFieldURI PropertySetId="6f1e9a52-3c1d-4b7e-9f0a-2d8c5e4b7a31" PropertyName="n8nExchangeZohoSyncId" PropertyType="String"/>' +
			`<t:Value>${fields.syncId}</t:Value></t:ExtendedProperty>`
		: '';
	return (
		`<t:Contact><t:ItemId Id="${id}" ChangeKey="ck-${id}"/><t:ItemClass>IPM.Contact</t:ItemClass>` +
		'<t:LastModifiedTime>2026-01-02T03:04:05Z</t:LastModifiedTime>' +
		syncId +
		(fields.givenName ? `<t:DisplayName>${fields.givenName} ${fields.surname ?? ''}</t:DisplayName><t:GivenName>${fields.givenName}</t:GivenName>` : '') +
		(fields.email ? `<t:EmailAddresses><t:Entry Key="EmailAddress1">${fields.email}</t:Entry></t:EmailAddresses>` : '') +
		(fields.surname ? `<t:Surname>${fields.surname}</t:Surname>` : '') +
		'</t:Contact>'
	);
}

export const itemIdXml = (id: string, type = 'Contact') =>
	`<m:Items><t:${type}><t:ItemId Id="${id}" ChangeKey="ck-${id}"/></t:${type}></m:Items>`;
