/** The node's resources and their operations, as the router dispatches them. */
export type NodeMap = {
	contact: 'create' | 'delete' | 'get' | 'getAll' | 'getByCrmRecordId' | 'getChanges' | 'update';
	task: 'create' | 'delete' | 'get' | 'getAll' | 'getByCrmRecordId' | 'getChanges' | 'update';
	event: 'create' | 'delete' | 'get' | 'getAll' | 'getByCrmRecordId' | 'getChanges' | 'update';
	message: 'createDraft' | 'delete' | 'get' | 'getAll' | 'getChanges' | 'markRead' | 'markUnread' | 'move' | 'saveSent' | 'send';
	availability: 'getFreeBusy' | 'getSuggestions';
	mailbox: 'getFolders' | 'resolveNames';
};

export type ExchangeResource = keyof NodeMap;
