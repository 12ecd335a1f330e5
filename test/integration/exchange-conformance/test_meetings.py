"""Meetings between mailboxes: invitations, the attendees' accept, tentative and decline
reaching the organizer, and the organizer's cancellation."""
from exchangelib import Attendee, CalendarItem, EWSDateTime, EWSTimeZone, Mailbox
from exchangelib.items import SEND_TO_ALL_AND_SAVE_COPY, MeetingCancellation, MeetingRequest, MeetingResponse

from ews_conformance import ConformanceTest, account

NEW_YORK = EWSTimeZone("America/New_York")
SUBJECT = "Quarterly review"


class Meetings(ConformanceTest):
    def setUp(self):
        super().setUp()
        self.alice, self.bob, self.carol, self.dave = (account(f"{name}@example.test") for name in ["alice", "bob", "carol", "dave"])

    def invite(self):
        meeting = CalendarItem(
            account=self.alice,
            folder=self.alice.calendar,
            subject=SUBJECT,
            body="Agenda to follow",
            location="Board room",
            start=EWSDateTime(2031, 5, 6, 10, 0, tzinfo=NEW_YORK),
            end=EWSDateTime(2031, 5, 6, 11, 0, tzinfo=NEW_YORK),
            required_attendees=[Attendee(mailbox=Mailbox(email_address=f"{name}@example.test"), response_type="Unknown") for name in ["bob", "carol", "dave"]],
        )
        meeting.save(send_meeting_invitations=SEND_TO_ALL_AND_SAVE_COPY)
        return meeting

    def request_in(self, attendee):
        [request] = [item for item in attendee.inbox.all() if isinstance(item, MeetingRequest) and item.subject == SUBJECT]
        return request

    def copy_in(self, attendee):
        copies = [item for item in attendee.calendar.all() if item.subject == SUBJECT]
        return copies[0] if copies else None

    def test_an_invitation_arrives_with_the_attendees_copy_of_the_meeting(self):
        meeting = self.invite()
        request = self.request_in(self.bob)
        self.assertEqual((request.meeting_request_type, request.response_type), ("NewMeetingRequest", "NoResponseReceived"))
        self.assertEqual(request.sender.email_address, "alice@example.test")
        self.assertEqual((request.start, request.end, request.location), (meeting.start, meeting.end, "Board room"))
        copy = self.copy_in(self.bob)
        self.assertEqual(request.associated_calendar_item_id.id, copy.id)
        self.assertEqual((copy.my_response_type, copy.legacy_free_busy_status, copy.organizer.email_address), ("NoResponseReceived", "Tentative", "alice@example.test"))
        self.assertEqual((copy.appointment_state, self.alice.calendar.get(id=meeting.id).appointment_state), (("Meeting", "Received"), ("Meeting",)))
        self.assertEqual(copy.uid, self.alice.calendar.get(id=meeting.id).uid)

    def test_accept_tentative_and_decline_reach_the_organizer(self):
        meeting = self.invite()
        self.request_in(self.bob).accept(body="See you there")
        self.copy_in(self.carol).tentatively_accept()
        self.request_in(self.dave).decline()

        bob_copy = self.copy_in(self.bob)
        self.assertEqual((bob_copy.my_response_type, bob_copy.legacy_free_busy_status), ("Accept", "Busy"))
        self.assertIsNotNone(bob_copy.appointment_reply_time)
        self.assertEqual(self.copy_in(self.carol).my_response_type, "Tentative")
        self.assertIsNone(self.copy_in(self.dave), "a declined meeting leaves the attendee's calendar")
        self.assertEqual([item.subject for item in self.bob.inbox.all() if isinstance(item, MeetingRequest)], [], "the answered request left the Inbox")
        self.assertIn(SUBJECT, [item.subject for item in self.bob.trash.all()])
        self.assertIn(f"Accepted: {SUBJECT}", [item.subject for item in self.bob.sent.all()])

        organizer_item = self.alice.calendar.get(id=meeting.id)
        responses = {attendee.mailbox.email_address: attendee.response_type for attendee in organizer_item.required_attendees}
        self.assertEqual(responses, {"bob@example.test": "Accept", "carol@example.test": "Tentative", "dave@example.test": "Decline"})
        self.assertTrue(all(attendee.last_response_time for attendee in organizer_item.required_attendees))

        received = {item.subject: item for item in self.alice.inbox.all() if isinstance(item, MeetingResponse)}
        self.assertEqual(sorted(received), [f"Accepted: {SUBJECT}", f"Declined: {SUBJECT}", f"Tentative: {SUBJECT}"])
        accepted = received[f"Accepted: {SUBJECT}"]
        self.assertEqual((accepted.response_type, accepted.item_class, accepted.sender.email_address), ("Accept", "IPM.Schedule.Meeting.Resp.Pos", "bob@example.test"))
        self.assertEqual(accepted.associated_calendar_item_id.id, meeting.id)
        self.assertEqual(accepted.body, "See you there")
        self.assertEqual(received[f"Declined: {SUBJECT}"].item_class, "IPM.Schedule.Meeting.Resp.Neg")

    def test_the_organizer_cannot_accept_their_own_meeting(self):
        from exchangelib.errors import ErrorInvalidItemForOperationAcceptItem

        meeting = self.invite()
        with self.assertRaises(ErrorInvalidItemForOperationAcceptItem):
            self.alice.calendar.get(id=meeting.id).accept()

    def test_a_cancelled_meeting_reaches_the_attendees(self):
        meeting = self.invite()
        self.request_in(self.bob).accept()
        self.alice.calendar.get(id=meeting.id).cancel(body="Postponed")
        self.assertIsNone(self.copy_in(self.alice), "the cancelled meeting leaves the organizer's calendar")
        [cancellation] = [item for item in self.bob.inbox.all() if isinstance(item, MeetingCancellation)]
        self.assertEqual((cancellation.subject, cancellation.sender.email_address), (f"Canceled: {SUBJECT}", "alice@example.test"))
        self.assertEqual(cancellation.body, "Postponed")
        self.assertTrue(self.copy_in(self.bob).is_cancelled)
