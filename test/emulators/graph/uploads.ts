/**
 * Upload sessions for message attachments too large for one request (attachment-createuploadsession,
 * outlook-large-attachments): `POST …/messages/{id}/attachments/createUploadSession` with an
 * `AttachmentItem` answers an `uploadUrl` that carries its own credential. The client PUTs the
 * file's bytes to it in consecutive ranges (`Content-Range: bytes start-end/size`) with no
 * Authorization header (one is refused with 401, as Outlook's upload endpoint refuses it); each
 * range is answered 200 with the next expected range, the last one 201, when the file becomes a
 * file attachment of the message. A session lasts 15 minutes (assumed; Graph states its
 * expirationDateTime).
 */
import crypto from 'node:crypto';
import type { StoredItem } from '../exchange/store';
import { badRequest, errorResponse, GraphError, type GraphResponse } from './errors';
import { addFileAttachment } from './resources/messages';

/** Where upload URLs point, outside `/v1.0` (Outlook serves them on its own host). */
export const UPLOAD_PATH = '/__upload/attachments/';
/** Graph's largest attachment: 150 MB. */
const MAX_ATTACHMENT_BYTES = 150 * 1024 * 1024;
const SESSION_MS = 15 * 60_000;

interface Session {
	item: StoredItem;
	name: string;
	contentType: string;
	isInline: boolean;
	size: number;
	chunks: Buffer[];
	received: number;
	expires: number;
}

type Json = Record<string, unknown>;

export class UploadSessions {
	private readonly sessions = new Map<string, Session>();

	/** `attached` records the item's change (its version, delta, notifications). */
	constructor(private readonly attached: (item: StoredItem) => void) {}

	clear(): void {
		this.sessions.clear();
	}

	/** A new session for a file attachment of `item`; the answer is the uploadSession. */
	create(item: StoredItem, body: Json, origin: string): Json {
		const attachment = body.AttachmentItem as Json | undefined;
		if (!attachment || typeof attachment !== 'object') throw badRequest('createUploadSession needs an AttachmentItem.', 'ErrorInvalidRequest');
		if (attachment.attachmentType !== 'file') throw badRequest('Only file attachments are uploaded in a session.', 'ErrorInvalidRequest');
		const size = attachment.size;
		if (typeof attachment.name !== 'string' || attachment.name === '') throw badRequest('The AttachmentItem needs a name.', 'ErrorInvalidRequest');
		if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0) throw badRequest('The AttachmentItem needs its size in bytes.', 'ErrorInvalidRequest');
		if (size > MAX_ATTACHMENT_BYTES) throw badRequest('An attachment can be at most 150 MB.', 'ErrorAttachmentSizeLimitExceeded');
		const token = crypto.randomBytes(24).toString('base64url');
		const expires = Date.now() + SESSION_MS;
		this.sessions.set(token, {
			item,
			name: attachment.name,
			contentType: typeof attachment.contentType === 'string' ? attachment.contentType : 'application/octet-stream',
			isInline: attachment.isInline === true,
			size,
			chunks: [],
			received: 0,
			expires,
		});
		return { uploadUrl: `${origin}${UPLOAD_PATH}${token}`, expirationDateTime: new Date(expires).toISOString(), nextExpectedRanges: ['0-'] };
	}

	/** One PUT to an upload URL. */
	put(token: string, headers: Record<string, string>, bytes: Buffer): GraphResponse {
		try {
			return this.accept(token, headers, bytes);
		} catch (error) {
			if (error instanceof GraphError) return errorResponse(error.status, error.code, error.message);
			throw error;
		}
	}

	private accept(token: string, headers: Record<string, string>, bytes: Buffer): GraphResponse {
		if (headers.authorization) throw new GraphError(401, 'InvalidAuthenticationToken', 'An upload URL carries its own credential: send no Authorization header.');
		const session = this.sessions.get(token);
		if (!session || session.expires < Date.now()) throw new GraphError(404, 'ErrorItemNotFound', 'The upload session does not exist or has expired.');
		const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(headers['content-range'] ?? '');
		if (!range) throw badRequest('Content-Range must be "bytes start-end/size".', 'InvalidContentRange');
		const [start, end, size] = range.slice(1).map(Number);
		if (size !== session.size || start !== session.received || end < start || end >= size || end - start + 1 !== bytes.length) {
			throw new GraphError(416, 'InvalidRange', `The range must start at byte ${session.received}, cover the body and end within the ${session.size} bytes.`);
		}
		session.chunks.push(bytes);
		session.received = end + 1;
		if (session.received < session.size) {
			return { status: 200, body: { expirationDateTime: new Date(session.expires).toISOString(), nextExpectedRanges: [`${session.received}-`] }, shape: { entity: 'microsoft.graph.uploadSession' } };
		}
		this.sessions.delete(token);
		addFileAttachment(session.item.attachments, {
			'@odata.type': '#microsoft.graph.fileAttachment',
			name: session.name,
			contentType: session.contentType,
			isInline: session.isInline,
			contentBytes: Buffer.concat(session.chunks).toString('base64'),
		});
		this.attached(session.item);
		return { status: 201 };
	}
}
