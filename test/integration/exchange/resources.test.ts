import { ALICE, AWKWARD, BOB, credentialsFor, runJson, runNode, useExchangeEmulator } from './support';

jest.setTimeout(60_000);

const server = useExchangeEmulator();
const credentials = () => credentialsFor(server(), 'ntlm');


describe('events', () => {
	const base = { resource: 'event', mailbox: ALICE };

	it('creates a recurring meeting in its own time zone and reads it back exactly', async () => {
		await server().control.resetCounters();
		const [meeting] = await runJson({
			credentials: credentials(),
			parameters: {
				...base,
				operation: 'create',
				sendInvitations: 'sendToAllAndSaveCopy',
				inputMode: 'json',
				itemJson: {
					subject: `Review ${AWKWARD}`,
					location: 'Room <Harbor> & "Deck"',
					start: '2026-03-27T10:00:00+01:00',
					end: '2026-03-27T11:00:00+01:00',
					timeZone: 'Europe/Berlin',
					requiredAttendees: [{ email: BOB, name: 'Bob Brown' }],
					optionalAttendees: ['carol@example.test'],
					reminderMinutesBeforeStart: 10,
					recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=FR;COUNT=4' },
					syncId: 'event-sync-1',
				},
			},
		});
		expect(meeting).toMatchObject({
			subject: `Review ${AWKWARD}`,
			location: 'Room <Harbor> & "Deck"',
			isMeeting: true,
			requiredAttendees: [expect.objectContaining({ email: BOB })],
			optionalAttendees: [expect.objectContaining({ email: 'carol@example.test' })],
			reminderMinutesBeforeStart: 10,
			recurrence: expect.objectContaining({ rrule: 'FREQ=WEEKLY;BYDAY=FR;COUNT=4' }),
			syncId: 'event-sync-1',
		});
		// Read back in the event's own zone: the wall-clock times and offset as they were written.
		expect(meeting).toMatchObject({ timeZone: 'Europe/Berlin', start: '2026-03-27T10:00:00.000+01:00', end: '2026-03-27T11:00:00.000+01:00' });
		const [stored] = await server().control.items(ALICE, 'calendar').then((items) => items.filter((item) => item.id === meeting.id));
		expect(stored).toMatchObject({ timeZone: 'Europe/Berlin' });
		const counters = await server().control.counters();
		expect(counters.invitationsByMeeting[meeting.iCalUid as string]).toBe(2);
	});

	it('sends nothing when an update changes nothing, and only then when something changed', async () => {
		const [meeting] = await runJson({ credentials: credentials(), parameters: { ...base, operation: 'get', findBy: 'syncId', syncId: 'event-sync-1' } });
		await server().control.resetCounters();
		const update = (itemJson: object) =>
			runJson({
				credentials: credentials(),
				parameters: { ...base, operation: 'update', findBy: 'syncId', syncId: 'event-sync-1', inputMode: 'json', itemJson },
			});
		const { id, changeKey, mailbox, lastModified, ...sameFields } = meeting;
		const [unchanged] = await update(sameFields);
		expect(unchanged.changeKey).toBe(changeKey);
		let counters = await server().control.counters();
		expect(counters.byOperation.UpdateItem).toBeUndefined();
		expect(counters.invitationsByMeeting).toEqual({});

		const [moved] = await update({ ...sameFields, location: 'Room 2', start: '2026-03-27T09:00:00Z', end: '2026-03-27T10:30:00Z' });
		expect(moved).toMatchObject({ id, location: 'Room 2' });
		expect(moved).toMatchObject({ timeZone: 'Europe/Berlin', start: '2026-03-27T10:00:00.000+01:00', end: '2026-03-27T11:30:00.000+01:00' });
		counters = await server().control.counters();
		expect(counters.byOperation.UpdateItem).toBe(1);
		expect(counters.invitationsByMeeting[meeting.iCalUid as string]).toBeGreaterThan(0);
	});

	const createAndReadBack = async (eventFields: object) => {
		const [created] = await runJson({
			credentials: credentials(),
			parameters: { ...base, operation: 'create', sendInvitations: 'sendToNone', inputMode: 'fields', eventFields },
		});
		const [read] = await runJson({ credentials: credentials(), parameters: { ...base, operation: 'get', findBy: 'id', itemId: { __rl: true, mode: 'id', value: created.id } } });
		return [created, read];
	};

	it('keeps an all-day event on its date', async () => {
		const [created, read] = await createAndReadBack({ subject: 'Trade fair', start: '2026-12-24', end: '2026-12-24', isAllDay: true, timeZone: 'America/New_York' });
		for (const event of [created, read]) {
			// Midnight to midnight in New York.
			expect(event).toMatchObject({
				isAllDay: true,
				isMeeting: false,
				timeZone: 'America/New_York',
				start: '2026-12-24T00:00:00.000-05:00',
				end: '2026-12-25T00:00:00.000-05:00',
			});
		}
		const stored = (await server().control.items(ALICE, 'calendar')).find((item) => item.id === created.id);
		expect(stored).toMatchObject({ timeZone: 'America/New_York', isAllDay: true });
	});

	it('reads an event back in its own zone when the zone has a half-hour offset and no summer time', async () => {
		const events = await createAndReadBack({ subject: 'Bengaluru sync', start: '2026-07-01T09:30:00+05:30', end: '2026-07-01T10:00:00+05:30', timeZone: 'Asia/Kolkata' });
		for (const event of events) {
			expect(event).toMatchObject({ timeZone: 'Asia/Kolkata', start: '2026-07-01T09:30:00.000+05:30', end: '2026-07-01T10:00:00.000+05:30' });
		}
	});

	it('finds events in a date window and deletes with cancellations', async () => {
		const inWindow = await runJson({
			credentials: credentials(),
			parameters: { ...base, operation: 'getAll', returnAll: true, filters: { endsAfter: '2026-12-23T00:00:00Z', startsBefore: '2026-12-26T00:00:00Z' } },
		});
		expect(inWindow.map((event) => event.subject)).toContain('Trade fair');
		const [deleted] = await runJson({
			credentials: credentials(),
			parameters: { ...base, operation: 'delete', findBy: 'syncId', syncId: 'event-sync-1', sendCancellations: 'sendToAllAndSaveCopy' },
		});
		expect(deleted).toMatchObject({ deleted: true });
		expect(Object.values((await server().control.counters()).cancellationsByMeeting).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
	});
});

describe('tasks', () => {
	it('creates, completes and deletes a task', async () => {
		const base = { resource: 'task', mailbox: BOB };
		const [task] = await runJson({
			credentials: credentials(),
			parameters: {
				...base,
				operation: 'create',
				inputMode: 'fields',
				taskFields: { subject: `Follow up ${AWKWARD}`, dueDate: '2026-04-01T00:00:00', importance: 'High', syncId: 'task-sync-1' },
			},
		});
		expect(task).toMatchObject({ subject: `Follow up ${AWKWARD}`, dueDate: '2026-04-01', importance: 'High', status: 'NotStarted' });
		const [done] = await runJson({
			credentials: credentials(),
			parameters: { ...base, operation: 'update', findBy: 'syncId', syncId: 'task-sync-1', inputMode: 'json', itemJson: { status: 'Completed', percentComplete: 100 } },
		});
		expect(done).toMatchObject({ status: 'Completed', percentComplete: 100 });
		const [deleted] = await runJson({ credentials: credentials(), parameters: { ...base, operation: 'delete', findBy: 'id', itemId: { __rl: true, mode: 'id', value: task.id } } });
		expect(deleted).toMatchObject({ deleted: true });
	});
});

describe('messages', () => {
	it('sends a message with an attachment, which arrives', async () => {
		const [sent] = await runJson({
			credentials: credentials(),
			items: [{ json: {}, binary: { data: { data: Buffer.from('quarterly numbers').toString('base64'), fileName: 'Q1 & Q2 <final>.txt', mimeType: 'text/plain' } } }],
			parameters: {
				resource: 'message',
				operation: 'send',
				mailbox: ALICE,
				inputMode: 'fields',
				messageFields: { to: BOB, subject: `Numbers ${AWKWARD}`, body: '<p>See the <b>attachment</b> &amp; reply</p>', bodyType: 'HTML' },
				attachments: 'data',
			},
		});
		expect(sent).toMatchObject({ sent: true, attachments: ['Q1 & Q2 <final>.txt'] });
		const inbox = await runJson({
			credentials: credentials(),
			parameters: { resource: 'message', operation: 'getAll', mailbox: BOB, folder: 'inbox', returnAll: true, filters: { search: 'Numbers', unreadOnly: true } },
		});
		expect(inbox).toHaveLength(1);
		expect(inbox[0]).toMatchObject({
			subject: `Numbers ${AWKWARD}`,
			from: expect.objectContaining({ email: ALICE }),
			hasAttachments: true,
			isRead: false,
			bodyType: 'HTML',
		});
		expect(inbox[0].body).toContain('<b>attachment</b> &amp; reply');

		const [withFiles] = await runNode({
			credentials: credentials(),
			parameters: { resource: 'message', operation: 'get', mailbox: BOB, findBy: 'id', itemId: { __rl: true, mode: 'id', value: inbox[0].id }, downloadAttachments: true },
		});
		expect(withFiles.binary?.attachment_0).toMatchObject({ fileName: 'Q1 & Q2 <final>.txt' });
		expect(Buffer.from(withFiles.binary?.attachment_0.data ?? '', 'base64').toString()).toBe('quarterly numbers');

		const [read] = await runJson({
			credentials: credentials(),
			parameters: { resource: 'message', operation: 'markRead', mailbox: BOB, findBy: 'id', itemId: { __rl: true, mode: 'id', value: inbox[0].id } },
		});
		expect(read.isRead).toBe(true);

		const [moved] = await runJson({
			credentials: credentials(),
			parameters: { resource: 'message', operation: 'move', mailbox: BOB, findBy: 'id', itemId: { __rl: true, mode: 'id', value: inbox[0].id }, destination: 'deleteditems' },
		});
		expect(moved).toMatchObject({ moved: true, previousId: inbox[0].id });
		const deletedItems = await server().control.items(BOB, 'deleteditems');
		expect(deletedItems.map((item) => item.id)).toContain(moved.id);
	});

	it('saves a draft', async () => {
		const [draft] = await runJson({
			credentials: credentials(),
			parameters: { resource: 'message', operation: 'createDraft', mailbox: ALICE, inputMode: 'json', itemJson: { subject: 'Draft 草稿', to: ['carol@example.test'], body: 'plain', bodyType: 'Text' } },
		});
		expect(draft).toMatchObject({ subject: 'Draft 草稿', to: [expect.objectContaining({ email: 'carol@example.test' })] });
		expect((await server().control.items(ALICE, 'drafts')).map((item) => item.id)).toContain(draft.id);
	});
});

describe('messages sent elsewhere', () => {
	const crmMail = (n: number) => ({
		from: { email: ALICE, name: 'Alice Adams' },
		to: [{ email: 'jane@outside.test', name: 'Jane Doe' }],
		cc: ['carol@example.test'],
		subject: `Quote ${n} ${AWKWARD}`,
		body: `<p>Offer ${n} &amp; terms</p>`,
		bodyType: 'HTML',
		sentAt: `2026-04-0${n}T08:30:00+02:00`,
		syncId: `crm-mail-${n}`,
	});

	it('saves copies as sent messages in Sent Items in one call, nobody receives them, and reads give back the link', async () => {
		await server().control.resetCounters();
		const saved = await runJson({
			credentials: credentials(),
			items: [{ json: {} }, { json: {} }],
			parameters: (itemIndex) => ({ resource: 'message', operation: 'saveSent', mailbox: ALICE, inputMode: 'json', itemJson: crmMail(itemIndex + 1), folder: 'sentitems' }),
		});
		expect(saved).toHaveLength(2);
		expect(saved[0]).toMatchObject({
			subject: `Quote 1 ${AWKWARD}`,
			from: { email: ALICE, name: 'Alice Adams' },
			to: [{ email: 'jane@outside.test', name: 'Jane Doe' }],
			cc: [expect.objectContaining({ email: 'carol@example.test' })],
			sentAt: '2026-04-01T06:30:00.000Z',
			receivedAt: '2026-04-01T06:30:00.000Z',
			isDraft: false,
			isRead: true,
			syncId: 'crm-mail-1',
			bodyType: 'HTML',
		});
		expect(saved[0].body).toContain('Offer 1 &amp; terms');
		const counters = await server().control.counters();
		expect(counters.byOperation.CreateItem).toBe(1);

		const sentItems = (await server().control.items(ALICE, 'sentitems')).filter((item) => String(item.subject).startsWith('Quote '));
		expect(sentItems.map((item) => [item.syncId, item.isDraft, item.sentAt])).toEqual(
			expect.arrayContaining([
				['crm-mail-1', false, '2026-04-01T06:30:00Z'],
				['crm-mail-2', false, '2026-04-02T06:30:00Z'],
			]),
		);
		expect((await server().control.items('carol@example.test', 'inbox')).map((item) => item.subject)).not.toContain(`Quote 1 ${AWKWARD}`);

		const listed = await runJson({
			credentials: credentials(),
			parameters: { resource: 'message', operation: 'getAll', mailbox: ALICE, folder: 'sentitems', returnAll: true, filters: { search: 'Quote 2' } },
		});
		expect(listed).toEqual([expect.objectContaining({ syncId: 'crm-mail-2', isDraft: false, sentAt: '2026-04-02T06:30:00.000Z' })]);
	});

	it('fails only the item without a sender or sent time, and saves into another folder when asked', async () => {
		const results = await runJson({
			credentials: credentials(),
			continueOnFail: true,
			items: [{ json: {} }, { json: {} }],
			parameters: (itemIndex) => ({
				resource: 'message',
				operation: 'saveSent',
				mailbox: ALICE,
				folder: 'inbox',
				inputMode: 'fields',
				messageFields: itemIndex === 0 ? { to: BOB, subject: 'No sender' } : { to: BOB, subject: 'Filed', from: ALICE, sentAt: '2026-04-03T10:00:00Z', syncId: 'crm-mail-3' },
			}),
		});
		expect(results[0].error).toMatch(/sender/);
		expect(results[1]).toMatchObject({ subject: 'Filed', isDraft: false, syncId: 'crm-mail-3' });
		expect((await server().control.items(ALICE, 'inbox')).map((item) => item.syncId)).toContain('crm-mail-3');
	});
});

describe('availability and mailbox', () => {
	it('reports free/busy per attendee and suggests meeting times', async () => {
		const [event] = await runJson({
			credentials: credentials(),
			parameters: {
				resource: 'event',
				operation: 'create',
				mailbox: BOB,
				sendInvitations: 'sendToNone',
				inputMode: 'json',
				itemJson: { subject: 'Busy block', start: '2026-05-05T13:00:00Z', end: '2026-05-05T14:00:00Z', timeZone: 'UTC' },
			},
		});
		const freeBusy = await runJson({
			credentials: credentials(),
			parameters: { resource: 'availability', operation: 'getFreeBusy', mailbox: ALICE, attendees: `${BOB}, nobody@example.test`, start: '2026-05-05T08:00:00Z', end: '2026-05-05T18:00:00Z' },
		});
		expect(freeBusy[0]).toMatchObject({ email: BOB, free: false, busy: [expect.objectContaining({ start: '2026-05-05T13:00:00.000Z', end: '2026-05-05T14:00:00.000Z' })] });
		expect(freeBusy[1]).toMatchObject({ email: 'nobody@example.test', code: expect.any(String) });

		const suggestions = await runJson({
			credentials: credentials(),
			parameters: { resource: 'availability', operation: 'getSuggestions', mailbox: ALICE, attendees: BOB, start: '2026-05-05T00:00:00Z', end: '2026-05-06T00:00:00Z', duration: 60, maxPerDay: 5 },
		});
		expect(suggestions.length).toBeGreaterThan(0);
		for (const suggestion of suggestions) {
			const overlaps = Date.parse(suggestion.start as string) < Date.parse(event.end as string) && Date.parse(suggestion.end as string) > Date.parse(event.start as string);
			if (overlaps) expect(suggestion.conflicts).not.toEqual([]);
		}
	});

	it('resolves names and lists folders', async () => {
		const resolved = await runJson({ credentials: credentials(), parameters: { resource: 'mailbox', operation: 'resolveNames', mailbox: ALICE, name: 'bob' } });
		expect(resolved.map((entry) => entry.email)).toContain(BOB);
		const folders = await runJson({ credentials: credentials(), parameters: { resource: 'mailbox', operation: 'getFolders', mailbox: ALICE } });
		expect(folders.map((folder) => folder.path)).toEqual(expect.arrayContaining(['Inbox', 'Contacts', 'Calendar']));
	});
});
