/** SOAP envelopes, response messages and faults in the shapes Exchange sends (CLIENT-NOTES §3). */
import { NS, escapeXml, xml, raw, type RawXml } from './xml';

export const SERVER_VERSION = raw(
	`<h:ServerVersionInfo MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" MinorBuildNumber="6" Version="V2017_07_11" xmlns:h="${NS.types}" xmlns="${NS.types}" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="${NS.xsi}"/>`,
);

/** A complete response envelope around one body element (which declares the m and t prefixes). */
export function envelope(body: RawXml): string {
	return `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${NS.soap}"><s:Header>${SERVER_VERSION.raw}</s:Header><s:Body>${body.raw}</s:Body></s:Envelope>`;
}

/** `<m:{operation}Response>` with the namespace declarations its content uses. */
export function operationResponse(operation: string, ...content: Array<RawXml | undefined>): RawXml {
	return xml(`m:${operation}Response`, { 'xmlns:m': NS.messages, 'xmlns:t': NS.types }, ...content);
}

/** An EWS error: a response code plus the message text and any MessageXml values. */
export class EwsError extends Error {
	constructor(
		readonly responseCode: string,
		message: string,
		readonly details: Record<string, string> = {},
	) {
		super(message);
	}
}

export function messageXml(details: Record<string, string>): RawXml | undefined {
	const entries = Object.entries(details);
	if (entries.length === 0) return undefined;
	return xml('m:MessageXml', {}, entries.map(([name, value]) => xml('t:Value', { Name: name }, value)));
}

/** Payload elements the schema requires even in an error message (Exchange sends them empty). */
const REQUIRED_IN_ERRORS: Record<string, string> = {
	GetItem: 'm:Items',
	CreateItem: 'm:Items',
	UpdateItem: 'm:Items',
	MoveItem: 'm:Items',
	CopyItem: 'm:Items',
	CreateAttachment: 'm:Attachments',
	GetAttachment: 'm:Attachments',
};

/** One `<m:{operation}ResponseMessage>`: success with its payload, or an error. */
export function responseMessage(operation: string, outcome: RawXml[] | EwsError): RawXml {
	const tag = `m:${operation}ResponseMessage`;
	if (outcome instanceof EwsError) {
		return xml(
			tag,
			{ ResponseClass: 'Error' },
			xml('m:MessageText', {}, outcome.message),
			xml('m:ResponseCode', {}, outcome.responseCode),
			xml('m:DescriptiveLinkKey', {}, 0),
			messageXml(outcome.details),
			REQUIRED_IN_ERRORS[operation] ? xml(REQUIRED_IN_ERRORS[operation]) : undefined,
		);
	}
	return xml(tag, { ResponseClass: 'Success' }, xml('m:ResponseCode', {}, 'NoError'), ...outcome);
}

/** A multi-response operation answer: one message per requested element, in order. */
export function responseMessages(operation: string, outcomes: Array<RawXml[] | EwsError>): RawXml {
	return operationResponse(operation, xml('m:ResponseMessages', {}, outcomes.map((o) => responseMessage(operation, o))));
}

/** The HTTP 500 SOAP fault Exchange sends for request-level errors (captures 27, 28). */
export function soapFault(error: EwsError): string {
	const details = Object.entries(error.details)
		.map(([name, value]) => xml('t:Value', { Name: name }, value).raw)
		.join('');
	const messageDetails = details ? `<t:MessageXml xmlns:t="${NS.types}">${details}</t:MessageXml>` : '';
	return (
		`<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${NS.soap}"><s:Body><s:Fault>` +
		`<faultcode xmlns:a="${NS.types}">a:${error.responseCode}</faultcode>` +
		xml('faultstring', { 'xml:lang': 'en-US' }, error.message).raw +
		`<detail><e:ResponseCode xmlns:e="${NS.errors}">${error.responseCode}</e:ResponseCode>` +
		`<e:Message xmlns:e="${NS.errors}">${escapeXml(error.message)}</e:Message>${messageDetails}</detail>` +
		`</s:Fault></s:Body></s:Envelope>`
	);
}
