"""SyncFolderItems from scratch in small pages and incrementally: the sync state remembers what
its client was sent, so an item the client never had is always a Create."""
from exchangelib import Folder, Message
from exchangelib.errors import ErrorInvalidSyncStateData

from ews_conformance import ConformanceTest, account


class Sync(ConformanceTest):
    def setUp(self):
        super().setUp()
        self.alice = account("alice@example.test")
        self.folder = Folder(parent=self.alice.inbox, name="Synced")
        self.folder.save()
        self.messages = [Message(account=self.alice, folder=self.folder, subject=f"Message {n}", body=f"Body {n}", is_read=False) for n in range(1, 7)]
        self.alice.bulk_create(folder=self.folder, items=self.messages)
        self.by_subject = {m.subject: m for m in self.folder.all()}

    def test_an_initial_sync_in_pages_creates_every_item_once(self):
        changes = list(self.folder.sync_items(max_changes_returned=2))
        self.assertEqual([c for c, _ in changes], ["create"] * 6)
        self.assertEqual(sorted(item.subject for _, item in changes), sorted(self.by_subject))
        self.assertEqual(list(self.folder.sync_items(sync_state=self.folder.item_sync_state)), [])

    def test_items_changed_while_the_initial_sync_pages_are_still_creates(self):
        pages = self.folder.sync_items(max_changes_returned=2)
        first_page = [next(pages), next(pages)]
        seen = {item.subject for _, item in first_page}
        unseen = [subject for subject in sorted(self.by_subject) if subject not in seen]
        # One item the client has not had is edited, another only marked read.
        edited = self.by_subject[unseen[0]]
        edited.subject = "Edited before it was synced"
        edited.save(update_fields=["subject"])
        read = self.by_subject[unseen[1]]
        read.is_read = True
        read.save(update_fields=["is_read"])
        rest = list(pages)
        self.assertEqual([c for c, _ in rest], ["create"] * 4, "an item the client never had is a Create, whatever changed since")
        created = {item.subject: item for _, item in rest}
        self.assertIn("Edited before it was synced", created)
        self.assertEqual((created[read.subject].body, created[read.subject].is_read), (read.body, True))

    def test_an_incremental_sync_reports_each_kind_of_change(self):
        list(self.folder.sync_items())
        state = self.folder.item_sync_state
        updated, read, deleted = (self.by_subject[f"Message {n}"] for n in (1, 2, 3))
        updated.body = "New body"
        updated.save(update_fields=["body"])
        read.is_read = True
        read.save(update_fields=["is_read"])
        deleted_id = deleted.id
        deleted.delete()
        added = Message(account=self.alice, folder=self.folder, subject="Message 7")
        added.save()
        transient = Message(account=self.alice, folder=self.folder, subject="Created and deleted")
        transient.save()
        transient.delete()

        changes = list(self.folder.sync_items(sync_state=state, max_changes_returned=1))
        kinds = {}
        for change, value in changes:
            kinds.setdefault(change, []).append(value)
        self.assertEqual(sorted(kinds), ["create", "delete", "read_flag_change", "update"])
        self.assertEqual([item.subject for item in kinds["create"]], ["Message 7"])
        self.assertEqual([item.body for item in kinds["update"]], ["New body"])
        self.assertEqual([(item_id.id, is_read) for item_id, is_read in kinds["read_flag_change"]], [(read.id, True)])
        self.assertEqual([item_id.id for item_id in kinds["delete"]], [deleted_id])

    def test_an_item_moved_in_is_created_and_one_moved_out_deleted(self):
        list(self.folder.sync_items())
        state = self.folder.item_sync_state
        leaving = self.by_subject["Message 4"]
        leaving_id = leaving.id
        leaving.move(self.alice.inbox)
        arriving = next(iter(self.alice.inbox.filter(subject="Renewal question")))
        arriving.move(self.folder)
        changes = list(self.folder.sync_items(sync_state=state))
        self.assertEqual(sorted((c, getattr(v, "subject", None) or v.id) for c, v in changes), [("create", "Renewal question"), ("delete", leaving_id)])

    def test_a_sync_state_from_another_folder_is_refused(self):
        list(self.alice.inbox.sync_items(max_changes_returned=1))
        with self.assertRaises(ErrorInvalidSyncStateData):
            list(self.folder.sync_items(sync_state=self.alice.inbox.item_sync_state))
        with self.assertRaises(ErrorInvalidSyncStateData):
            list(self.folder.sync_items(sync_state="bm90IGEgc3luYyBzdGF0ZQ=="))
