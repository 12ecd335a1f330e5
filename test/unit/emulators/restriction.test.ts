import { matches } from '../../emulators/exchange/restriction';
import type { StoredItem } from '../../emulators/exchange/store';
import type { XNode } from '../../emulators/exchange/xml';

const node = (name: string, attrs: Record<string, string> = {}, children: XNode[] = [], text = ''): XNode => ({ name, attrs, children, text });

const subjectIs = (subject: string) =>
	node('IsEqualTo', {}, [node('FieldURI', { FieldURI: 'item:Subject' }), node('FieldURIOrConstant', {}, [node('Constant', { Value: subject })])]);

const item = (subject: string) => ({ props: new Map([['Subject', node('Subject', {}, [], subject)]]) }) as unknown as StoredItem;

describe('FindItem restrictions of the local Exchange server', () => {
	it('compares text without case but with accents', () => {
		expect(matches(subjectIs('offer müller'), item('Offer Müller'))).toBe(true);
		expect(matches(subjectIs('Offer Muller'), item('Offer Müller'))).toBe(false);
	});

	// A sync looks up the partners of its changes by id, 50 to a FindItem, in folders of thousands of
	// items: a collator built per comparison (String.prototype.localeCompare with options) made such
	// a lookup take seconds.
	it('restricts 3,000 items by an Or of 50 values with one collator, not one per comparison', () => {
		const localeCompare = jest.spyOn(String.prototype, 'localeCompare');
		const restriction = node('Restriction', {}, [node('Or', {}, Array.from({ length: 50 }, (_, n) => subjectIs(`Wanted ${n * 60}`)))]);
		const items = Array.from({ length: 3_000 }, (_, n) => item(`wanted ${n}`));
		const started = performance.now();
		const found = items.filter((candidate) => matches(restriction, candidate));
		const elapsed = performance.now() - started;
		expect(found).toHaveLength(50);
		expect(localeCompare).not.toHaveBeenCalled();
		// Seven times faster on a loaded machine (1.1 s against 7.6 s); well under it alone.
		expect(elapsed).toBeLessThan(2_000);
		localeCompare.mockRestore();
	});
});
