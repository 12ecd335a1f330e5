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
 * Filterable text field: the EWS ItemId of the record's Exchange partner, so that an Exchange
 * deletion (which names only that ItemId) finds its CRM record with one COQL query.
 */
export const ZOHO_EXCHANGE_ITEM_ID_FIELD = 'Exchange_Item_Id';
export const ZOHO_EXCHANGE_ITEM_ID_FIELD_LABEL = 'Exchange Item Id';

/** Modules the sync writes to, and so the modules that need the two fields. */
export const ZOHO_SYNCED_MODULES = ['Contacts', 'Leads', 'Tasks', 'Events'] as const;
