/**
 * ews-javascript-api 0.15.3 calls `util.isNullOrUndefined` (ExtendedPropertyDefinition, used for
 * the sync-link properties). Node 23 removed that function and n8n 2.36+ runs on Node 24, where
 * every call touching an extended property would throw. Restores it with its documented meaning;
 * a no-op on Node versions that still have it.
 */
import util from 'util';

// Typed on its own: @types/node still declares the removed function, so its presence is checked at run time.
const legacyUtil = util as unknown as { isNullOrUndefined?: (value: unknown) => value is null | undefined };
if (typeof legacyUtil.isNullOrUndefined !== 'function') {
	legacyUtil.isNullOrUndefined = (value: unknown): value is null | undefined => value === null || value === undefined;
}
