import { createHash } from 'crypto';

/**
 * The custom fields that carry the sync link on Zoho CRM records. The Zoho CRM node's
 * Field → "Create Sync Fields" operation creates them; the Sync node reads and writes them.
 */

/** Unique external-ID text field: the pair's sync id, equal to the Exchange item's sync id. */
export const ZOHO_SYNC_ID_FIELD = 'Exchange_Sync_Id';
export const ZOHO_SYNC_ID_FIELD_LABEL = 'Exchange Sync Id';
/** Long text field: the sync's baseline for the pair (fingerprints), as JSON text. */
export const ZOHO_SYNC_STATE_FIELD = 'Exchange_Sync_State';
export const ZOHO_SYNC_STATE_FIELD_LABEL = 'Exchange Sync State';

/**
 * Filterable text field: the key of the record's Exchange partner (see `exchangeItemKey`), so that
 * an Exchange deletion, which names only the ItemId, finds its CRM record with one COQL query.
 */
export const ZOHO_EXCHANGE_ITEM_KEY_FIELD = 'Exchange_Item_Key';
export const ZOHO_EXCHANGE_ITEM_KEY_FIELD_LABEL = 'Exchange Item Key';

/**
 * An EWS ItemId as the CRM keeps it: its SHA-256 in hex. An ItemId is opaque, case-sensitive and
 * up to 512 bytes, more than a Zoho text field holds (255); its hash fits and compares in any case.
 */
export function exchangeItemKey(itemId: string): string {
	return createHash('sha256').update(itemId).digest('hex');
}

/** Modules the sync writes to, and so the modules that need the link fields. */
export const ZOHO_SYNCED_MODULES = ['Contacts', 'Leads', 'Tasks', 'Events'] as const;
