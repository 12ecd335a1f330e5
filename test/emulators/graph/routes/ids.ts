/** POST /users/{user}/translateExchangeIds: EWS ids ⇄ REST ids ⇄ immutable REST ids, for clients moving from EWS. */
import { badRequest } from '../errors';
import type { GraphFront } from '../front';
import { PERMISSIONS } from '../permissions';
import { ewsId, graphItemId, resolveItemId } from '../resources/ids';

const FORMATS = ['ewsId', 'restId', 'restImmutableEntryId'];

export function registerIdRoutes(front: GraphFront): void {
	front.router.add('POST', 'users/{user}/translateExchangeIds', 'translateExchangeIds', PERMISSIONS.usersRead, (context) => {
		const { inputIds, targetIdType, sourceIdType } = context.body as { inputIds?: unknown; targetIdType?: string; sourceIdType?: string };
		if (!Array.isArray(inputIds) || inputIds.length === 0 || inputIds.length > 1000) throw badRequest('inputIds must hold 1 to 1,000 ids.', 'ErrorInvalidRequest');
		for (const format of [targetIdType, sourceIdType]) {
			if (!format || !FORMATS.includes(format)) throw badRequest(`Id types are ${FORMATS.join(', ')}; entryId and immutableEntryId are not modelled.`, 'ErrorInvalidIdMalformed');
		}
		const value = inputIds.map((input) => {
			const sourceId = String(input);
			const found = resolveItemId(front.store, sourceIdType === 'ewsId' ? sourceId : ewsId(sourceId));
			if (!found || found.item.mailbox !== context.mailbox.smtp) return { sourceId, errorDetails: { code: 'ErrorItemNotFound', message: 'The specified object was not found in the store.' } };
			const targetId = targetIdType === 'ewsId' ? found.item.id : graphItemId(found.item, targetIdType === 'restImmutableEntryId');
			return { sourceId, targetId };
		});
		return { status: 200, body: { '@odata.context': context.link('$metadata#Collection(microsoft.graph.convertIdResult)'), value }, shape: { collection: 'microsoft.graph.convertIdResult' } };
	});
}
