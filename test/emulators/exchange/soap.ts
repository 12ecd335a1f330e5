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

/**
 * Payload elements Exchange sends even in an error message: the empty item lists the schema
 * requires, and for the sync operations an empty SyncState with IncludesLast…InRange true
 * (syncfolderitems-operation, syncfolderhierarchy-operation: "error response").
 */
const IN_ERRORS: Record<string, () => RawXml[]> = {
	GetItem: () => [xml('m:Items')],
	CreateItem: () => [xml('m:Items')],
	UpdateItem: () => [xml('m:Items')],
	MoveItem: () => [xml('m:Items')],
	CopyItem: () => [xml('m:Items')],
	CreateAttachment: () => [xml('m:Attachments')],
	GetAttachment: () => [xml('m:Attachments')],
	SyncFolderItems: () => [xml('m:SyncState'), xml('m:IncludesLastItemInRange', {}, true)],
	SyncFolderHierarchy: () => [xml('m:SyncState'), xml('m:IncludesLastFolderInRange', {}, true)],
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
			...(IN_ERRORS[operation]?.() ?? []),
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

/**
 * What a WCF endpoint such as Exchange's EWS answers (HTTP 500) for a message no operation of its
 * contract handles: the ActionNotSupported fault of a SOAP 1.1 binding without addressing
 * (System.ServiceModel.ActionNotSupportedException). The emulator answers it for the EWS
 * operations it does not implement, so clients see an unsupported call, not a bad version.
 */
export function actionNotSupportedFault(action: string): string {
	const reason =
		`The message with Action '${action}' cannot be processed at the receiver, due to a ContractFilter mismatch at the EndpointDispatcher. ` +
		'This may be because of either a contract mismatch (mismatched Actions between sender and receiver) or a binding/security mismatch between the sender and the receiver.  ' +
		'Check that sender and receiver have the same contract and the same binding (including security requirements, e.g. Message, Transport, None).';
	return (
		`<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${NS.soap}"><s:Body><s:Fault>` +
		`<faultcode xmlns:a="http://schemas.microsoft.com/ws/2005/05/addressing/none">a:ActionNotSupported</faultcode>` +
		xml('faultstring', { 'xml:lang': 'en-US' }, reason).raw +
		`</s:Fault></s:Body></s:Envelope>`
	);
}
