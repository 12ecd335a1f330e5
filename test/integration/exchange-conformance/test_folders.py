"""Folders as a new exchangelib user meets them: the root, the hierarchy, and changes to it."""
from exchangelib import DEEP, Folder, Message
from exchangelib.errors import ErrorDeleteDistinguishedFolder, ErrorFolderExists, ErrorFolderNotFound
from exchangelib.folders import Calendar, Contacts, DeletedItems, Drafts, Inbox, JunkEmail, Outbox, SentItems, Tasks

from ews_conformance import ConformanceTest, account


class Folders(ConformanceTest):
    def setUp(self):
        super().setUp()
        self.alice = account("alice@example.test")

    def test_the_root_holds_the_message_folder_root_and_the_default_folders(self):
        root = self.alice.root
        self.assertIsNotNone(root.id)
        top = self.alice.msg_folder_root
        self.assertEqual(top.name, "Top of Information Store")
        self.assertEqual(top.parent.id, root.id)
        defaults = {
            Inbox: "Inbox", SentItems: "Sent Items", Drafts: "Drafts", Outbox: "Outbox", DeletedItems: "Deleted Items",
            JunkEmail: "Junk Email", Contacts: "Contacts", Calendar: "Calendar", Tasks: "Tasks",
        }
        for folder_class, name in defaults.items():
            folder = root.get_default_folder(folder_class)
            self.assertIsInstance(folder, folder_class)
            self.assertEqual(folder.name, name)
            self.assertEqual(folder.parent.id, top.id, name)
        self.assertIn("Recoverable Items", [f.name for f in root.children])
        tree = root.tree()
        self.assertIn("Top of Information Store", tree)
        self.assertIn("Sync Issues", tree)

    def test_folders_open_through_the_root_by_path(self):
        inbox = self.alice.root / "Top of Information Store" / "Inbox"
        self.assertEqual(inbox.id, self.alice.inbox.id)
        self.assertGreater(inbox.total_count, 0)
        self.assertEqual([f.name for f in self.alice.msg_folder_root.glob("Sync Issues/*")], ["Conflicts", "Local Failures", "Server Failures"])
        self.assertEqual(self.alice.calendar.folder_class, "IPF.Appointment")
        self.assertEqual(self.alice.contacts.folder_class, "IPF.Contact")

    def reread(self, *path):
        """A folder as the server has it now, found by its path below Top of Information Store."""
        self.alice.root.clear_cache()
        folder = self.alice.msg_folder_root
        for name in path:
            folder = folder / name
        return folder

    def test_subfolders_are_listed_by_name(self):
        for name in ["Zulu", "alpha", "Mike"]:
            Folder(parent=self.alice.inbox, name=name).save()
        self.assertEqual([f.name for f in self.reread("Inbox").children], ["alpha", "Mike", "Zulu"])

    def test_a_folder_is_created_renamed_moved_emptied_and_deleted(self):
        projects = Folder(parent=self.alice.inbox, name="Projects")
        projects.save()
        with self.assertRaises(ErrorFolderExists):
            Folder(parent=self.alice.inbox, name="projects").save()
        Message(account=self.alice, folder=projects, subject="Kick-off").save()
        Folder(parent=projects, name="2024").save()
        projects.name = "Clients"
        projects.save(update_fields=["name"])
        clients = self.reread("Inbox", "Clients")
        self.assertEqual((clients.id, clients.child_folder_count, clients.total_count), (projects.id, 1, 1))

        clients.move(self.alice.msg_folder_root)
        moved = self.reread("Clients")
        self.assertEqual(moved.id, projects.id, "a moved folder keeps its id")
        self.assertEqual(moved.parent.id, self.alice.msg_folder_root.id)

        moved.empty(delete_sub_folders=True)
        emptied = self.reread("Clients")
        self.assertEqual((emptied.total_count, emptied.child_folder_count), (0, 0))

        emptied.delete()
        with self.assertRaises(ErrorFolderNotFound):
            self.reread("Clients")

    def test_a_default_folder_cannot_be_deleted(self):
        with self.assertRaises(ErrorDeleteDistinguishedFolder):
            self.alice.inbox.delete()

    def test_deep_traversal_finds_every_folder_below_the_root(self):
        names = [f.name for f in self.alice.root.walk()]
        for name in ["Top of Information Store", "Inbox", "Calendar", "Conflicts", "Deletions"]:
            self.assertIn(name, names)
        everything = list(self.alice.root.glob("**/*"))
        self.assertEqual(len(everything), len(names))

    def test_the_hierarchy_syncs_from_scratch_and_incrementally(self):
        root = self.alice.msg_folder_root
        changes = list(root.sync_hierarchy())
        created = {f.name for change, f in changes if change == "create"}
        self.assertTrue({"Inbox", "Calendar", "Conflicts"} <= created)
        self.assertTrue(all(change == "create" for change, _ in changes))
        state = root.folder_sync_state

        new = Folder(parent=self.alice.inbox, name="Receipts")
        new.save()
        renamed = Folder(parent=self.alice.inbox, name="Old name")
        renamed.save()
        changes = list(root.sync_hierarchy(sync_state=state))
        self.assertEqual(sorted((c, f.name) for c, f in changes), [("create", "Old name"), ("create", "Receipts")])
        state_before_rename = root.folder_sync_state

        renamed.name = "New name"
        renamed.save(update_fields=["name"])
        deleted_id = new.id
        new.delete()
        changes = list(root.sync_hierarchy(sync_state=state_before_rename))
        self.assertEqual([(c, f.name) for c, f in changes if c == "update"], [("update", "New name")])
        self.assertEqual([f.id for c, f in changes if c == "delete"], [deleted_id])
        self.assertEqual(list(root.sync_hierarchy(sync_state=root.folder_sync_state)), [])
