"""Notifications as exchangelib consumes them: pull (GetEvents), streaming (GetStreamingEvents)
and push (SendNotification to the client's callback URL)."""
import http.server
import threading

from exchangelib import Mailbox, Message
from exchangelib.properties import CreatedEvent, DeletedEvent, ModifiedEvent, MovedEvent, NewMailEvent
from exchangelib.services import SendNotification

from ews_conformance import ConformanceTest, account


def event_kinds(notifications):
    return [(type(event).__name__, event.event_type) for notification in notifications for event in notification.events if not type(event).__name__ == "StatusEvent"]


class Notifications(ConformanceTest):
    def setUp(self):
        super().setUp()
        self.alice = account("alice@example.test")
        self.bob = account("bob@example.test")

    def send_to_bob(self, subject):
        Message(account=self.alice, subject=subject, body="Hi", to_recipients=[Mailbox(email_address="bob@example.test")]).send()
        [message] = self.bob.inbox.filter(subject=subject)
        return message

    def test_pull_events_name_the_items_and_their_folder(self):
        with self.bob.inbox.pull_subscription() as (subscription_id, watermark):
            message = self.send_to_bob("Pulled")
            message.is_read = True
            message.save(update_fields=["is_read"])
            message.move(self.bob.trash)
            [notification] = list(self.bob.inbox.get_events(subscription_id, watermark))
        events = notification.events
        item_events = [(type(e), e.item_id.id) for e in events if e.event_type == "item"]
        self.assertEqual([kind for kind, _ in item_events], [CreatedEvent, NewMailEvent, ModifiedEvent, MovedEvent])
        folder_events = [e for e in events if e.event_type == "folder"]
        self.assertTrue(folder_events, "every item change also modifies its folder")
        self.assertTrue(all(isinstance(e, ModifiedEvent) and e.folder_id.id == self.bob.inbox.id for e in folder_events))
        self.assertEqual(folder_events[0].unread_count, self.bob.inbox.unread_count + 1)
        moved = [e for e in events if isinstance(e, MovedEvent)][0]
        self.assertEqual((moved.old_item_id.id, moved.old_parent_folder_id.id), (item_events[0][1], self.bob.inbox.id))

    def test_streaming_events_arrive_on_the_open_connection(self):
        subscription_id = self.bob.inbox.subscribe_to_streaming()
        try:
            self.send_to_bob("Streamed")
            events = []
            for notification in self.bob.inbox.get_streaming_events(subscription_id, connection_timeout=1):
                events.extend(e for e in notification.events if e.event_type == "item")
                if any(isinstance(e, NewMailEvent) for e in events):
                    break
            self.assertEqual([type(e) for e in events], [CreatedEvent, NewMailEvent])
        finally:
            self.bob.inbox.unsubscribe(subscription_id)

    def test_push_notifications_reach_the_callback_url(self):
        received = []

        class Callback(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                service = SendNotification(protocol=None)
                received.extend(service.parse(body))
                answer = service.ok_payload()
                self.send_response(200)
                self.send_header("Content-Type", "text/xml; charset=utf-8")
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        server = http.server.HTTPServer(("127.0.0.1", 0), Callback)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            subscription_id, _ = self.bob.inbox.subscribe_to_push(callback_url=f"http://127.0.0.1:{server.server_port}/ews", event_types=["NewMailEvent"])
            self.send_to_bob("Pushed")
            for _ in range(100):
                if received:
                    break
                threading.Event().wait(0.05)
            [notification] = received
            self.assertEqual(notification.subscription_id, subscription_id)
            self.assertEqual([type(e) for e in notification.events], [NewMailEvent])
        finally:
            server.shutdown()
            server.server_close()

    def test_folder_changes_are_notified(self):
        from exchangelib import Folder

        with self.alice.inbox.pull_subscription(event_types=["CreatedEvent", "DeletedEvent"]) as (subscription_id, watermark):
            folder = Folder(parent=self.alice.inbox, name="Notified")
            folder.save()
            folder_id = folder.id
            folder.delete()
            [notification] = list(self.alice.inbox.get_events(subscription_id, watermark))
        self.assertEqual([(type(e), e.folder_id.id) for e in notification.events], [(CreatedEvent, folder_id), (DeletedEvent, folder_id)])
