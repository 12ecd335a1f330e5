"""Free/busy (GetUserAvailability) and the server's time zones (GetServerTimeZones)."""
from exchangelib import CalendarItem, EWSDateTime, EWSTimeZone

from ews_conformance import ConformanceTest, account

BERLIN = EWSTimeZone("Europe/Berlin")
NEW_YORK = EWSTimeZone("America/New_York")


class Availability(ConformanceTest):
    def setUp(self):
        super().setUp()
        self.alice = account("alice@example.test")
        self.bob = account("bob@example.test")

    def test_the_server_lists_its_time_zones(self):
        zones = {zone.id: zone for zone in self.alice.protocol.get_timezones()}
        for windows_id in ["W. Europe Standard Time", "Eastern Standard Time", "India Standard Time", "UTC"]:
            self.assertIn(windows_id, zones)
        self.assertEqual(zones["W. Europe Standard Time"].name, "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna")
        [berlin] = self.alice.protocol.get_timezones(timezones=[BERLIN], return_full_timezone_data=True)
        biases = sorted(period.bias.total_seconds() / 60 for period in berlin.periods)
        self.assertEqual(biases, [-120, -60])
        self.assertTrue(berlin.transitions_groups)

    def test_the_organization_has_no_room_lists(self):
        self.assertEqual(list(self.alice.protocol.get_roomlists()), [])

    def test_free_busy_shows_each_mailbox_busy_times_in_the_requested_zone(self):
        CalendarItem(account=self.bob, folder=self.bob.calendar, subject="Dentist", start=EWSDateTime(2031, 6, 10, 15, 0, tzinfo=BERLIN), end=EWSDateTime(2031, 6, 10, 16, 0, tzinfo=BERLIN), legacy_free_busy_status="OOF").save()
        CalendarItem(account=self.bob, folder=self.bob.calendar, subject="Maybe", start=EWSDateTime(2031, 6, 10, 17, 0, tzinfo=BERLIN), end=EWSDateTime(2031, 6, 10, 17, 30, tzinfo=BERLIN), legacy_free_busy_status="Tentative").save()
        start = EWSDateTime(2031, 6, 10, 8, 0, tzinfo=NEW_YORK)
        end = EWSDateTime(2031, 6, 10, 14, 0, tzinfo=NEW_YORK)
        [bob, nobody] = list(self.alice.protocol.get_free_busy_info(accounts=[(self.bob, "Required", False), ("nobody@example.test", "Required", False)], start=start, end=end, merged_free_busy_interval=60))
        events = [(event.start, event.end, event.busy_type) for event in bob.calendar_events]
        self.assertEqual(events, [
            (EWSDateTime(2031, 6, 10, 9, 0), EWSDateTime(2031, 6, 10, 10, 0), "OOF"),
            (EWSDateTime(2031, 6, 10, 11, 0), EWSDateTime(2031, 6, 10, 11, 30), "Tentative"),
        ])
        self.assertEqual(bob.merged, "030100")
        self.assertEqual(nobody.__class__.__name__, "ErrorMailRecipientNotFound")
