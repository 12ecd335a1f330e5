"""Mail: sending between mailboxes, what the recipient reads (sender, Message-ID, text body,
times), replies and forwards, drafts, the read flag, moving and deleting, and attachments."""
import email
import email.policy
import re

from exchangelib import FileAttachment, HTMLBody, ItemAttachment, Mailbox, Message

from ews_conformance import ConformanceTest, account

MESSAGE_ID = re.compile(r"^<[^<>@\s]+@[^<>@\s]+>$")


class Mail(ConformanceTest):
    def setUp(self):
        super().setUp()
        self.alice = account("alice@example.test")
        self.bob = account("bob@example.test")

    def received(self, mailbox, subject):
        [message] = [m for m in mailbox.inbox.filter(subject=subject)]
        return message

    def test_a_sent_message_reaches_the_recipient_from_its_sender(self):
        message = Message(
            account=self.alice,
            folder=self.alice.sent,
            subject="Quote & next steps",
            body=HTMLBody("<p>Hello <b>Bob</b></p>"),
            to_recipients=[Mailbox(email_address="bob@example.test")],
            cc_recipients=[Mailbox(email_address="partner@outside.test")],
        )
        message.send_and_save()
        received = self.received(self.bob, "Quote & next steps")
        self.assertEqual(received.sender.email_address, "alice@example.test")
        self.assertEqual(received.author.email_address, "alice@example.test")
        self.assertEqual([m.email_address for m in received.to_recipients], ["bob@example.test"])
        self.assertEqual([m.email_address for m in received.cc_recipients], ["partner@outside.test"])
        self.assertFalse(received.is_read)
        self.assertEqual(received.body, "<p>Hello <b>Bob</b></p>")
        self.assertEqual(received.text_body.strip(), "Hello Bob")
        self.assertRegex(received.message_id, MESSAGE_ID)
        [sent] = [m for m in self.alice.sent.filter(subject="Quote & next steps")]
        self.assertEqual(sent.message_id, received.message_id, "every copy of a message has the same Message-ID")
        self.assertEqual(sent.sender.email_address, "alice@example.test")
        self.assertEqual(received.datetime_sent.microsecond, 0)
        self.assertIsNotNone(received.datetime_received)

    def test_what_exchange_computes_for_a_message(self):
        message = Message(account=self.alice, folder=self.alice.sent, subject="RE: Prices", body="Attached", to_recipients=[Mailbox(name="Bob Brown", email_address="bob@example.test"), Mailbox(email_address="x@outside.test")])
        message.attach(FileAttachment(name="prices.csv", content=b"a,b\n1,2\n", content_type="text/csv"))
        message.send_and_save()
        received = self.received(self.bob, "RE: Prices")
        self.assertEqual((received.display_to, received.conversation_topic), ("Bob Brown; x@outside.test", "Prices"))
        self.assertGreater(received.size, 0)
        self.assertTrue(received.effective_rights.read)
        parsed = email.message_from_bytes(received.mime_content, policy=email.policy.default)
        self.assertEqual((parsed["Subject"], parsed["Message-ID"]), ("RE: Prices", received.message_id))
        self.assertEqual(parsed.get_body().get_content().strip(), "Attached")
        [attachment] = list(parsed.iter_attachments())
        self.assertEqual((attachment.get_filename(), attachment.get_payload(decode=True)), ("prices.csv", b"a,b\n1,2\n"))

    def test_every_message_has_its_own_message_id(self):
        ids = [m.message_id for folder in [self.alice.inbox, self.alice.sent] for m in folder.all()]
        self.assertGreater(len(ids), 1)
        self.assertEqual(len(set(ids)), len(ids))
        for message_id in ids:
            self.assertRegex(message_id, MESSAGE_ID)

    def test_the_demo_mail_has_times_in_whole_seconds(self):
        for message in self.alice.inbox.all():
            for time in [message.datetime_received, message.datetime_sent, message.datetime_created, message.last_modified_time]:
                self.assertEqual(time.microsecond, 0, message.subject)

    def test_a_reply_and_a_forward_quote_the_original(self):
        Message(account=self.alice, subject="Lunch?", body="Tuesday at noon?", to_recipients=[Mailbox(email_address="bob@example.test")]).send()
        original = self.received(self.bob, "Lunch?")
        original.reply(subject="RE: Lunch?", body="Tuesday works.")
        reply = self.received(self.alice, "RE: Lunch?")
        self.assertEqual(reply.sender.email_address, "bob@example.test")
        self.assertEqual(reply.in_reply_to, original.message_id)
        self.assertIn("Tuesday works.", reply.text_body)
        self.assertNotEqual(reply.message_id, original.message_id)
        original.forward(subject="FW: Lunch?", body="Join us?", to_recipients=[Mailbox(email_address="carol@example.test")])
        forwarded = self.received(account("carol@example.test"), "FW: Lunch?")
        self.assertIn("Tuesday at noon?", forwarded.text_body)

    def test_a_draft_is_saved_then_sent(self):
        draft = Message(account=self.alice, folder=self.alice.drafts, subject="Draft", body="Not yet", to_recipients=[Mailbox(email_address="bob@example.test")])
        draft.save()
        self.assertTrue(self.alice.drafts.get(id=draft.id).is_draft)
        draft.send()
        self.assertEqual(list(self.alice.drafts.all()), [])
        self.assertFalse(self.received(self.bob, "Draft").is_draft)

    def test_the_read_flag_move_copy_and_delete(self):
        message = next(iter(self.alice.inbox.filter(is_read=False)))
        message.is_read = True
        message.save(update_fields=["is_read"])
        self.assertTrue(self.alice.inbox.get(id=message.id).is_read)
        inbox_id = message.id
        message.move(self.alice.junk)
        self.assertNotEqual(message.id, inbox_id, "a moved item gets a new id")
        self.assertEqual([m.id for m in self.alice.junk.all()], [message.id])
        message.copy(self.alice.inbox)
        self.assertEqual(self.alice.inbox.filter(subject=message.subject).count(), 1)
        message.soft_delete()
        self.assertEqual(self.alice.junk.all().count(), 0)
        self.assertEqual([m.subject for m in self.alice.recoverable_items_deletions.all()], [message.subject])

    def test_attachments_are_sent_listed_and_read(self):
        message = Message(account=self.alice, folder=self.alice.sent, subject="Files", body="See attached", to_recipients=[Mailbox(email_address="bob@example.test")])
        message.attach(FileAttachment(name="quote.txt", content=b"total: 100", content_type="text/plain"))
        message.attach(ItemAttachment(name="Original note", item=Message(subject="Attached note", body="inner")))
        message.send_and_save()
        received = self.received(self.bob, "Files")
        self.assertTrue(received.has_attachments)
        by_name = {attachment.name: attachment for attachment in received.attachments}
        self.assertEqual(sorted(by_name), ["Original note", "quote.txt"])
        self.assertEqual(by_name["quote.txt"].content, b"total: 100")
        self.assertEqual(by_name["quote.txt"].content_type, "text/plain")
        self.assertEqual(by_name["Original note"].item.subject, "Attached note")

        later = Message(account=self.alice, folder=self.alice.drafts, subject="Later attachment")
        later.save()
        later.attach(FileAttachment(name="late.txt", content=b"late"))
        reread = self.alice.drafts.get(id=later.id)
        [attachment] = reread.attachments
        self.assertEqual((attachment.name, attachment.content), ("late.txt", b"late"))
        reread.detach(attachment)
        self.assertFalse(self.alice.drafts.get(id=later.id).has_attachments)
