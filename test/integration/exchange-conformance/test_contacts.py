"""Contacts with every indexed property (all phones, e-mails, address parts) and the rest."""
import datetime

from exchangelib import Contact, DistributionList, EWSDate, Mailbox
from exchangelib.properties import Member
from exchangelib.indexed_properties import EmailAddress, PhoneNumber, PhysicalAddress

from ews_conformance import ConformanceTest, account

PHONES = {label: f"+49 30 {index:04d}" for index, label in enumerate(PhoneNumber.LABEL_CHOICES)}
EMAILS = {"EmailAddress1": "ada@example.org", "EmailAddress2": "ada.private@example.net", "EmailAddress3": "countess@example.com"}
ADDRESSES = {
    "Business": PhysicalAddress(label="Business", street="1 Analytical Way", city="London", state="Greater London", country="United Kingdom", zipcode="EC1A 1BB"),
    "Home": PhysicalAddress(label="Home", street="12 St James's Square", city="London", zipcode="SW1Y 4JH"),
    "Other": PhysicalAddress(label="Other", city="Ockham", country="United Kingdom"),
}


def phones(contact):
    return {entry.label: entry.phone_number for entry in contact.phone_numbers or []}


def emails(contact):
    return {entry.label: entry.email for entry in contact.email_addresses or []}


def addresses(contact):
    return {entry.label: (entry.street, entry.city, entry.state, entry.country, entry.zipcode) for entry in contact.physical_addresses or []}


def address_tuple(address):
    return (address.street, address.city, address.state, address.country, address.zipcode)


class Contacts(ConformanceTest):
    def setUp(self):
        super().setUp()
        self.alice = account("alice@example.test")

    def create(self):
        contact = Contact(
            account=self.alice,
            folder=self.alice.contacts,
            given_name="Ada",
            middle_name="Augusta",
            surname="Lovelace",
            display_name="Ada Lovelace",
            nickname="Ada",
            company_name="Analytical Engines Ltd",
            department="Research",
            job_title="Countess",
            office="Room 1",
            assistant_name="Mary",
            manager="Charles Babbage",
            spouse_name="William",
            business_homepage="https://example.org/ada",
            birthday=EWSDate(1815, 12, 10),
            wedding_anniversary=EWSDate(1835, 7, 8),
            categories=["Scientists", "VIP"],
            body="Notes about Ada",
            phone_numbers=[PhoneNumber(label=label, phone_number=number) for label, number in PHONES.items()],
            email_addresses=[EmailAddress(label=label, email=email) for label, email in EMAILS.items()],
            physical_addresses=list(ADDRESSES.values()),
        )
        contact.save()
        return contact

    def test_every_phone_email_and_address_part_is_read_back(self):
        created = self.create()
        contact = self.alice.contacts.get(id=created.id)
        self.assertEqual(phones(contact), PHONES)
        self.assertEqual(emails(contact), EMAILS)
        self.assertEqual(addresses(contact), {label: address_tuple(address) for label, address in ADDRESSES.items()})
        self.assertEqual(
            (contact.given_name, contact.middle_name, contact.surname, contact.display_name, contact.nickname, contact.company_name),
            ("Ada", "Augusta", "Lovelace", "Ada Lovelace", "Ada", "Analytical Engines Ltd"),
        )
        self.assertEqual((contact.department, contact.job_title, contact.office, contact.assistant_name, contact.manager, contact.spouse_name), ("Research", "Countess", "Room 1", "Mary", "Charles Babbage", "William"))
        self.assertEqual((contact.birthday, contact.wedding_anniversary), (datetime.date(1815, 12, 10), datetime.date(1835, 7, 8)))
        self.assertEqual(contact.business_homepage, "https://example.org/ada")
        self.assertEqual(sorted(contact.categories), ["Scientists", "VIP"])
        self.assertEqual(contact.body, "Notes about Ada")
        self.assertEqual((contact.complete_name.first_name, contact.complete_name.last_name, contact.complete_name.full_name), ("Ada", "Lovelace", "Ada Lovelace"))

    def test_a_listing_answers_every_indexed_entry_asked_for(self):
        self.create()
        listed = self.alice.contacts.filter(surname="Lovelace").only("phone_numbers", "email_addresses", "physical_addresses")
        [contact] = list(listed)
        self.assertEqual(phones(contact), PHONES)
        self.assertEqual(emails(contact), EMAILS)
        self.assertEqual(addresses(contact), {label: address_tuple(address) for label, address in ADDRESSES.items()})

    def test_entries_and_address_parts_are_updated_one_by_one(self):
        contact = self.create()
        contact.phone_numbers = [PhoneNumber(label="MobilePhone", phone_number="+44 7700 900123"), PhoneNumber(label="HomePhone", phone_number="+44 20 7946 0000")]
        contact.email_addresses = [EmailAddress(label="EmailAddress2", email="ada@analytical.example")]
        contact.physical_addresses = [PhysicalAddress(label="Home", street="10 Downing Street", city="London", zipcode="SW1A 2AA")]
        contact.save(update_fields=["phone_numbers", "email_addresses", "physical_addresses"])
        updated = self.alice.contacts.get(id=contact.id)
        self.assertEqual(phones(updated), {"MobilePhone": "+44 7700 900123", "HomePhone": "+44 20 7946 0000"})
        self.assertEqual(emails(updated), {"EmailAddress2": "ada@analytical.example"})
        self.assertEqual(addresses(updated), {"Home": ("10 Downing Street", "London", None, None, "SW1A 2AA")})

    def test_the_demo_contacts_read_with_their_phones(self):
        contacts = list(self.alice.contacts.all())
        self.assertGreater(len(contacts), 0)
        for contact in contacts:
            self.assertTrue(contact.display_name)
            self.assertIn("BusinessPhone", phones(contact), contact.display_name)
            self.assertTrue(emails(contact).get("EmailAddress1"), contact.display_name)

    def test_a_distribution_list_keeps_its_members(self):
        members = [Member(mailbox=Mailbox(name="Bob Brown", email_address="bob@example.test")), Member(mailbox=Mailbox(email_address="partner@outside.test"))]
        group = DistributionList(account=self.alice, folder=self.alice.contacts, display_name="Project team", members=members)
        group.save()
        read = self.alice.contacts.get(id=group.id)
        self.assertEqual((read.display_name, read.item_class), ("Project team", "IPM.DistList"))
        self.assertEqual([member.mailbox.email_address for member in read.members], ["bob@example.test", "partner@outside.test"])
