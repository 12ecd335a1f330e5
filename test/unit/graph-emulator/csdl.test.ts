/** The CSDL reader and the JSON checks the local Graph server makes of its answers and of request bodies. */
import { CsdlModel } from '../../emulators/graph/csdl/model';
import { JsonValidator } from '../../emulators/graph/csdl/validator';

const model = CsdlModel.load();
const validator = new JsonValidator(model);

const contact = {
	'@odata.etag': 'W/"x"',
	id: 'AAMk',
	createdDateTime: '2031-01-01T10:00:00Z',
	categories: [],
	givenName: 'Ada',
	emailAddresses: [{ name: 'Ada', address: 'ada@example.org' }],
	businessAddress: { city: 'London' },
	birthday: null,
};

describe('the CSDL model', () => {
	it('reads entity types with their base types, complex types and enums', () => {
		expect(model.property('microsoft.graph.contact', 'givenName')).toMatchObject({ type: 'Edm.String', collection: false, nullable: true });
		expect(model.property('microsoft.graph.contact', 'changeKey')).toMatchObject({ type: 'Edm.String' });
		expect(model.property('microsoft.graph.contact', 'emailAddresses')).toMatchObject({ type: 'microsoft.graph.emailAddress', collection: true });
		expect(model.property('microsoft.graph.todoTask', 'singleValueExtendedProperties')).toBeUndefined();
		expect(model.property('microsoft.graph.todoTask', 'linkedResources')).toMatchObject({ navigation: true, type: 'microsoft.graph.linkedResource' });
		expect([...model.enums.get('microsoft.graph.taskStatus')!.members]).toEqual(['notStarted', 'inProgress', 'completed', 'waitingOnOthers', 'deferred']);
		expect(model.derivesFrom('microsoft.graph.fileAttachment', 'microsoft.graph.attachment')).toBe(true);
	});
});

describe('JSON checks', () => {
	it('accepts a well-formed contact and collection', () => {
		expect(validator.validate({ entity: 'microsoft.graph.contact' }, contact)).toEqual([]);
		expect(validator.validate({ collection: 'microsoft.graph.contact' }, { '@odata.context': 'x', value: [contact], '@odata.nextLink': 'y' })).toEqual([]);
	});

	it('catches a property the type does not declare', () => {
		expect(validator.validate({ entity: 'microsoft.graph.contact' }, { ...contact, nickname: 'typo for nickName' })).toEqual([{ at: '/nickname', message: '"nickname" is not a property of microsoft.graph.contact' }]);
		expect(validator.validate({ entity: 'microsoft.graph.contact' }, { ...contact, businessAddress: { town: 'London' } })).toEqual([{ at: '/businessAddress/town', message: '"town" is not a property of microsoft.graph.physicalAddress' }]);
	});

	it('catches a value of the wrong type, an enum value that does not exist and a null where none is allowed', () => {
		expect(validator.validate({ entity: 'microsoft.graph.contact' }, { ...contact, givenName: 42 })).toEqual([{ at: '/givenName', message: 'givenName: expected a string, got number 42' }]);
		expect(validator.validate({ entity: 'microsoft.graph.contact' }, { ...contact, createdDateTime: '2031-01-01 10:00' })[0].at).toBe('/createdDateTime');
		expect(validator.validate({ entity: 'microsoft.graph.contact' }, { ...contact, categories: 'one' })[0].message).toContain('is a collection');
		const task = { id: 't', title: 'x', status: 'done', importance: 'normal', isReminderOn: false, createdDateTime: '2031-01-01T00:00:00Z', lastModifiedDateTime: '2031-01-01T00:00:00Z', bodyLastModifiedDateTime: '2031-01-01T00:00:00Z' };
		expect(validator.validate({ entity: 'microsoft.graph.todoTask' }, task)).toEqual([{ at: '/status', message: expect.stringContaining('"done" is not a member of microsoft.graph.taskStatus') }]);
		expect(validator.validate({ entity: 'microsoft.graph.todoTask' }, { ...task, status: 'completed', isReminderOn: null })).toEqual([{ at: '/isReminderOn', message: 'isReminderOn may not be null' }]);
		const pattern = { pattern: { type: 'weekly', interval: 1, month: null, dayOfMonth: 0, daysOfWeek: ['monday'], firstDayOfWeek: 'sunday', index: 'first' } };
		expect(validator.validate({ entity: 'microsoft.graph.patternedRecurrence' }, pattern)).toEqual([{ at: '/pattern/month', message: 'month may not be null' }]);
	});

	it('checks derived types named by @odata.type, delta removals and error answers', () => {
		const attachment = { '@odata.type': '#microsoft.graph.fileAttachment', id: 'a', name: 'x.txt', size: 3, isInline: false, contentBytes: 'YWJj' };
		expect(validator.validate({ collection: 'microsoft.graph.attachment' }, { value: [attachment] })).toEqual([]);
		expect(validator.validate({ collection: 'microsoft.graph.attachment' }, { value: [{ ...attachment, '@odata.type': '#microsoft.graph.contact' }] })[0].message).toContain('is not microsoft.graph.attachment');
		expect(validator.validate({ collection: 'microsoft.graph.contact', delta: true }, { value: [{ id: 'x', '@removed': { reason: 'deleted' } }] })).toEqual([]);
		expect(validator.validate({ collection: 'microsoft.graph.contact', delta: true }, { value: [{ id: 'x', '@removed': { reason: 'gone' } }] })).toHaveLength(1);
		expect(validator.validate({ error: true }, { error: { code: 'ErrorItemNotFound', message: 'x', innerError: {} } })).toEqual([]);
		expect(validator.validate({ error: true }, { error: { code: 404, message: 'x' } })).toHaveLength(1);
	});
});
