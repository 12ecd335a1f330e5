/**
 * A meeting the node created, answered by its attendees from their own mailboxes (as Outlook
 * does, through EWS response objects): the node reads each attendee's response on the
 * organizer's copy, so the sync can carry accept, tentative and decline to the CRM.
 */
import { Appointment, ItemId, MeetingRequest, WellKnownFolderName, ItemView } from 'ews-javascript-api';
import { exchangeService } from '../exchange-emulator/client';
import { ALICE, BOB, credentialsFor, runJson, useExchangeEmulator } from './support';

const server = useExchangeEmulator();
const CAROL = 'carol@example.test';
const DAVE = 'dave@example.test';

/** The attendee's own client: the service account acting as that mailbox. */
const asUser = (mailbox: string) => exchangeService(server().url, { impersonate: mailbox });

async function meetingRequestFor(mailbox: string, subject: string): Promise<MeetingRequest> {
	const inbox = await asUser(mailbox).FindItems(WellKnownFolderName.Inbox, new ItemView(100));
	const request = inbox.Items.find((item) => item instanceof MeetingRequest && item.Subject === subject);
	if (!request) throw new Error(`${mailbox} has no meeting request "${subject}"`);
	return await MeetingRequest.Bind(asUser(mailbox), request.Id);
}

it('reads each attendee\'s response and when it arrived on the organizer\'s meeting', async () => {
	const credentials = credentialsFor(server(), 'basic');
	const [meeting] = await runJson({
		credentials,
		parameters: {
			resource: 'event',
			operation: 'create',
			mailbox: ALICE,
			sendInvitations: 'sendToAllAndSaveCopy',
			inputMode: 'json',
			itemJson: {
				subject: 'Budget review',
				start: '2031-02-03T10:00:00+01:00',
				end: '2031-02-03T11:00:00+01:00',
				timeZone: 'Europe/Berlin',
				requiredAttendees: [{ email: BOB }, { email: CAROL }],
				optionalAttendees: [{ email: DAVE }],
			},
		},
	});
	expect(meeting.requiredAttendees).toEqual([
		expect.objectContaining({ email: BOB, lastResponseTime: null }),
		expect.objectContaining({ email: CAROL, lastResponseTime: null }),
	]);

	await (await meetingRequestFor(BOB, 'Budget review')).Accept(true);
	await (await meetingRequestFor(CAROL, 'Budget review')).AcceptTentatively(true);
	const daveCopy = (await server().control.items(DAVE, 'calendar')).find((item) => item.subject === 'Budget review')!;
	await (await Appointment.Bind(asUser(DAVE), new ItemId(daveCopy.id))).Decline(true);

	const [read] = await runJson({ credentials, parameters: { resource: 'event', operation: 'get', mailbox: ALICE, findBy: 'id', itemId: meeting.id } });
	const responses = [...(read.requiredAttendees as object[]), ...(read.optionalAttendees as object[])];
	expect(responses).toEqual([
		expect.objectContaining({ email: BOB, response: 'Accept', lastResponseTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }),
		expect.objectContaining({ email: CAROL, response: 'Tentative', lastResponseTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }),
		expect.objectContaining({ email: DAVE, response: 'Decline', lastResponseTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }),
	]);
	expect(read.changeKey).not.toBe(meeting.changeKey);
	const changes = await runJson({ credentials, parameters: { resource: 'event', operation: 'getChanges', mailbox: ALICE, cursor: '' } });
	expect(changes.filter((change) => change.id === meeting.id)).toEqual([expect.objectContaining({ requiredAttendees: read.requiredAttendees })]);
});
