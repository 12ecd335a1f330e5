"""What any client sees on the wire: booleans and date-times in Exchange's form, the error shape of
sync operations, and the answer to an operation the server does not implement."""
import os
import xml.etree.ElementTree as ET

import requests
from exchangelib.errors import SOAPError

from ews_conformance import PASSWORD, URL, ConformanceTest, account

NS = {
    "s": "http://schemas.xmlsoap.org/soap/envelope/",
    "m": "http://schemas.microsoft.com/exchange/services/2006/messages",
    "t": "http://schemas.microsoft.com/exchange/services/2006/types",
}


def soap(body, mailbox="alice@example.test"):
    """Posts one operation the way a hand-written client would; returns the HTTP status and the parsed envelope."""
    envelope = (
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
        'xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" '
        'xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">'
        '<soap:Header><t:RequestServerVersion Version="Exchange2016"/>'
        f"<t:ExchangeImpersonation><t:ConnectingSID><t:SmtpAddress>{mailbox}</t:SmtpAddress></t:ConnectingSID></t:ExchangeImpersonation>"
        f"</soap:Header><soap:Body>{body}</soap:Body></soap:Envelope>"
    )
    response = requests.post(URL, data=envelope.encode(), auth=("svc-sync@example.test", PASSWORD), verify=os.environ["EWS_CA"], headers={"Content-Type": "text/xml; charset=utf-8"})
    return response.status_code, ET.fromstring(response.content)


def create(folder, item):
    """Creates one item in a distinguished folder from its XML; returns its id."""
    _, root = soap(f'<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId><t:DistinguishedFolderId Id="{folder}"/></m:SavedItemFolderId><m:Items>{item}</m:Items></m:CreateItem>')
    return root.find(".//m:Items/*/t:ItemId", NS).get("Id")


def get_item(item_id, *fields):
    paths = "".join(f'<t:FieldURI FieldURI="{field}"/>' for field in fields)
    _, root = soap(f'<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>{paths}</t:AdditionalProperties></m:ItemShape><m:ItemIds><t:ItemId Id="{item_id}"/></m:ItemIds></m:GetItem>')
    return root.find(".//m:Items/*", NS)


class Protocol(ConformanceTest):
    def test_booleans_are_answered_true_or_false_whatever_form_the_request_used(self):
        created = create("drafts", "<t:Message><t:Subject>Flags</t:Subject><t:IsReadReceiptRequested>1</t:IsReadReceiptRequested><t:IsRead>0</t:IsRead></t:Message>")
        message = get_item(created, "message:IsReadReceiptRequested", "message:IsRead")
        self.assertEqual(message.find("t:IsReadReceiptRequested", NS).text, "true")
        self.assertEqual(message.find("t:IsRead", NS).text, "false")
        _, found = soap(
            '<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:Restriction><t:IsEqualTo>'
            '<t:FieldURI FieldURI="message:IsReadReceiptRequested"/><t:FieldURIOrConstant><t:Constant Value="1"/></t:FieldURIOrConstant>'
            '</t:IsEqualTo></m:Restriction><m:ParentFolderIds><t:DistinguishedFolderId Id="drafts"/></m:ParentFolderIds></m:FindItem>'
        )
        self.assertEqual(found.find(".//m:RootFolder", NS).get("TotalItemsInView"), "1")

    def test_date_times_are_answered_in_whole_seconds(self):
        created = create("tasks", "<t:Task><t:Subject>Precise</t:Subject><t:ReminderDueBy>2031-01-01T10:00:00.123Z</t:ReminderDueBy><t:ReminderIsSet>true</t:ReminderIsSet></t:Task>")
        task = get_item(created, "item:ReminderDueBy", "item:DateTimeCreated")
        self.assertEqual(task.find("t:ReminderDueBy", NS).text, "2031-01-01T10:00:00Z")
        self.assertRegex(task.find("t:DateTimeCreated", NS).text, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")

    def test_an_invalid_sync_state_is_answered_with_an_empty_state(self):
        for operation, folder, last in [("SyncFolderItems", "inbox", "IncludesLastItemInRange"), ("SyncFolderHierarchy", "msgfolderroot", "IncludesLastFolderInRange")]:
            shape = "ItemShape" if operation == "SyncFolderItems" else "FolderShape"
            extra = "<m:MaxChangesReturned>10</m:MaxChangesReturned>" if operation == "SyncFolderItems" else ""
            status, root = soap(
                f"<m:{operation}><m:{shape}><t:BaseShape>IdOnly</t:BaseShape></m:{shape}>"
                f'<m:SyncFolderId><t:DistinguishedFolderId Id="{folder}"/></m:SyncFolderId><m:SyncState>bm90IGEgc3RhdGU=</m:SyncState>{extra}</m:{operation}>'
            )
            message = root.find(f".//m:{operation}ResponseMessage", NS)
            self.assertEqual((status, message.get("ResponseClass"), message.find("m:ResponseCode", NS).text), (200, "Error", "ErrorInvalidSyncStateData"))
            self.assertEqual(message.find("m:SyncState", NS).text, None)
            self.assertEqual(message.find(f"m:{last}", NS).text, "true")

    def test_an_operation_the_server_does_not_implement_is_not_a_version_error(self):
        alice = account("alice@example.test")
        with self.assertRaises(SOAPError) as raised:
            list(alice.protocol.get_searchable_mailboxes())
        self.assertIn("ActionNotSupported", str(raised.exception))
        status, root = soap("<m:GetSearchableMailboxes/>")
        self.assertEqual(status, 500)
        self.assertEqual(root.find(".//faultcode").text, "a:ActionNotSupported")
