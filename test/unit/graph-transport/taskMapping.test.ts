import { LINK_APPLICATION, taskFromGraph, taskLinkWrite, taskMapping, taskToGraph } from '../../../nodes/MicrosoftExchange/transport/graph/taskMapping';

const ours = (externalId: string, details: Record<string, unknown> = {}) => ({ id: 'link-1', applicationName: LINK_APPLICATION, externalId, displayName: JSON.stringify(details) });

describe('To Do tasks between the item shape and Graph', () => {
	it('reads a due date To Do answers as the UTC evening before (set east of UTC) as its day, and a reminder in another zone as the UTC instant', () => {
		const shape = taskFromGraph(
			{
				id: 'task-1',
				'@odata.etag': 'W/"etag-1"',
				title: 'Angebot',
				status: 'waitingOnOthers',
				importance: 'low',
				lastModifiedDateTime: '2030-01-02T03:04:05Z',
				dueDateTime: { dateTime: '2030-03-14T23:00:00.0000000', timeZone: 'UTC' },
				startDateTime: { dateTime: '2030-03-10T00:00:00.0000000', timeZone: 'Europe/Berlin' },
				completedDateTime: { dateTime: '2030-03-11T05:00:00.0000000', timeZone: 'UTC' },
				isReminderOn: true,
				reminderDateTime: { dateTime: '2030-03-14T09:30:00.0000000', timeZone: 'Europe/Berlin' },
				body: { contentType: 'text', content: '' },
			},
			'alice@example.test',
		);
		expect(shape).toMatchObject({
			id: 'task-1',
			changeKey: 'etag-1',
			lastModified: '2030-01-02T03:04:05.000Z',
			subject: 'Angebot',
			body: null,
			status: 'WaitingOnOthers',
			importance: 'Low',
			dueDate: '2030-03-15',
			startDate: '2030-03-10',
			completeDate: '2030-03-11',
			percentComplete: null,
			reminderAt: '2030-03-14T08:30:00.000Z',
			syncId: null,
			syncState: null,
		});
	});

	it('reads only its own linked resource, and the sync id even from a display name edited by hand', () => {
		const other = { id: 'x', applicationName: 'Another app', externalId: 'theirs', displayName: 'Theirs' };
		expect(taskFromGraph({ id: 't', linkedResources: [other] }, 'a@x.test')).toMatchObject({ syncId: null, syncState: null });
		expect(taskFromGraph({ id: 't', linkedResources: [other, ours('sync-1', { crmRecordId: '365', syncState: '{"v":1}' })] }, 'a@x.test')).toMatchObject({
			syncId: 'sync-1',
			syncState: '{"v":1}',
			crmRecordId: '365',
		});
		expect(taskFromGraph({ id: 't', linkedResources: [{ ...ours('sync-2'), displayName: 'renamed' }] }, 'a@x.test')).toMatchObject({ syncId: 'sync-2', syncState: null });
	});

	it('writes dates at midnight UTC, a completion date only for a completed task, and refuses an unknown status', () => {
		expect(taskToGraph({ subject: 'A', dueDate: '2030-03-15', startDate: null, completeDate: '2030-03-16', status: 'InProgress', reminderAt: '2030-03-14T09:30:00+01:00' })).toEqual({
			title: 'A',
			status: 'inProgress',
			dueDateTime: { dateTime: '2030-03-15T00:00:00', timeZone: 'UTC' },
			startDateTime: null,
			isReminderOn: true,
			reminderDateTime: { dateTime: '2030-03-14T08:30:00', timeZone: 'UTC' },
		});
		expect(taskToGraph({ completeDate: '2030-03-16' }, { status: 'Completed' })).toEqual({ completedDateTime: { dateTime: '2030-03-16T00:00:00', timeZone: 'UTC' } });
		expect(taskToGraph({ reminderAt: null, percentComplete: 50 })).toEqual({ isReminderOn: false });
		expect(() => taskToGraph({ status: 'Done' as never })).toThrow('Status must be one of NotStarted, InProgress, Completed, WaitingOnOthers, Deferred (got "Done")');
	});

	it('creates a task with its link as one linked resource, and writes a later link change as the linked resource’s own request', () => {
		expect(taskToGraph({ subject: 'A', syncId: 's', syncState: '{}' }).linkedResources).toEqual([{ applicationName: LINK_APPLICATION, externalId: 's', displayName: '{"crmRecordId":null,"syncState":"{}"}' }]);
		expect(taskToGraph({ subject: 'A', syncId: 's' }, { subject: 'B' }).linkedResources).toBeUndefined();
		const path = '/users/a/todo/lists/L/tasks/T';
		expect(taskLinkWrite({ subject: 'A' }, { id: 'T' }, path)).toBeUndefined();
		expect(taskLinkWrite({ syncId: 's' }, { id: 'T' }, path)).toEqual({ method: 'POST', path: `${path}/linkedResources`, body: expect.objectContaining({ externalId: 's' }) });
		const linked = { id: 'T', linkedResources: [ours('s', { crmRecordId: '1', syncState: 'old' })] };
		expect(taskLinkWrite({ syncState: 'new' }, linked, path)).toEqual({
			method: 'PATCH',
			path: `${path}/linkedResources/link-1`,
			body: { applicationName: LINK_APPLICATION, externalId: 's', displayName: '{"crmRecordId":"1","syncState":"new"}' },
		});
		expect(taskLinkWrite({ syncId: null, syncState: null, crmRecordId: null }, linked, path)).toEqual({ method: 'DELETE', path: `${path}/linkedResources/link-1` });
	});

	it('addresses a task through its list: ids are <list id>/<task id>', () => {
		expect(taskMapping.scopedId!('T1', 'https://graph.example/v1.0/users/a/todo/lists/L%3D1/tasks/delta?$skiptoken=x')).toBe('L=1/T1');
		expect(taskMapping.itemPath('/users/a', 'L=1/T1')).toBe('/users/a/todo/lists/L%3D1/tasks/T1');
		expect(() => taskMapping.itemPath('/users/a', 'T1')).toThrow('"T1" is not a task id over Microsoft 365 (<list id>/<task id>)');
	});
});
