import { collapseChanges } from '../../../nodes/MicrosoftExchange/helpers/changes';

describe('changes of consecutive sync pages', () => {
	it('keeps one change per item, at its first position, with its latest content', () => {
		expect(
			collapseChanges([
				{ changeType: 'created', id: 'a', subject: 'first' },
				{ changeType: 'updated', id: 'b', subject: 'kept' },
				{ changeType: 'updated', id: 'a', subject: 'second' },
				{ changeType: 'readFlagChanged', id: 'a', isRead: true },
				{ changeType: 'readFlagChanged', id: 'c', isRead: true },
				{ changeType: 'updated', id: 'c', subject: 'read, then edited', isRead: true },
			]),
		).toEqual([
			{ changeType: 'created', id: 'a', subject: 'second', isRead: true },
			{ changeType: 'updated', id: 'b', subject: 'kept' },
			{ changeType: 'updated', id: 'c', subject: 'read, then edited', isRead: true },
		]);
	});

	it('drops an item created and deleted within the pages, and reports the deletion of one the reader had', () => {
		expect(
			collapseChanges([
				{ changeType: 'created', id: 'gone', subject: 'brief' },
				{ changeType: 'updated', id: 'known', subject: 'edited' },
				{ changeType: 'deleted', id: 'gone' },
				{ changeType: 'deleted', id: 'known' },
			]),
		).toEqual([{ changeType: 'deleted', id: 'known' }]);
	});
});
