"""Calendar items: single and all-day appointments, recurring series with modified and deleted
occurrences, the series' first and last occurrence, and calendar views."""
import datetime

from exchangelib import CalendarItem, EWSDate, EWSDateTime, EWSTimeZone
from exchangelib.fields import FRIDAY, MONDAY, WEDNESDAY
from exchangelib.recurrence import Recurrence, WeeklyPattern

from ews_conformance import ConformanceTest, account

BERLIN = EWSTimeZone("Europe/Berlin")


def berlin(*args):
    return EWSDateTime(*args, tzinfo=BERLIN)


class Calendar(ConformanceTest):
    def setUp(self):
        super().setUp()
        self.carol = account("carol@example.test")

    def series(self):
        """A stand-up on Monday, Wednesday and Friday at 09:30 Berlin time, six times from Monday 3 March 2031."""
        item = CalendarItem(
            account=self.carol,
            folder=self.carol.calendar,
            subject="Stand-up",
            location="Room 4",
            start=berlin(2031, 3, 3, 9, 30),
            end=berlin(2031, 3, 3, 9, 45),
            recurrence=Recurrence(pattern=WeeklyPattern(interval=1, weekdays=[MONDAY, WEDNESDAY, FRIDAY]), start=EWSDate(2031, 3, 3), number=6),
        )
        item.save()
        return item

    def view(self):
        return list(self.carol.calendar.view(start=berlin(2031, 3, 1), end=berlin(2031, 3, 31)).order_by("start"))

    def test_a_single_appointment_keeps_its_times_and_zone(self):
        item = CalendarItem(account=self.carol, folder=self.carol.calendar, subject="Lunch", start=berlin(2031, 7, 1, 12, 0), end=berlin(2031, 7, 1, 13, 0), body="At the canteen")
        item.save()
        read = self.carol.calendar.get(id=item.id)
        self.assertEqual((read.start, read.end), (berlin(2031, 7, 1, 12, 0), berlin(2031, 7, 1, 13, 0)))
        self.assertEqual(read._start_timezone, BERLIN)
        self.assertEqual((read.type, read.is_recurring, read.is_meeting, read.legacy_free_busy_status), ("Single", False, False, "Busy"))
        self.assertEqual((read.duration, read.appointment_state), ("PT1H", ()))
        self.assertEqual(read.body, "At the canteen")
        self.assertTrue(read.uid)

    def test_an_all_day_event_covers_its_days(self):
        item = CalendarItem(account=self.carol, folder=self.carol.calendar, subject="Holiday", start=EWSDate(2031, 8, 4), end=EWSDate(2031, 8, 6), is_all_day=True)
        item.save()
        read = self.carol.calendar.get(id=item.id)
        self.assertTrue(read.is_all_day)
        self.assertEqual((read.start, read.end), (datetime.date(2031, 8, 4), datetime.date(2031, 8, 6)))

    def test_a_series_names_its_first_and_last_occurrence(self):
        series = self.series()
        master = self.carol.calendar.get(id=series.id)
        self.assertEqual((master.type, master.is_recurring), ("RecurringMaster", True))
        self.assertEqual(master.first_occurrence.start, berlin(2031, 3, 3, 9, 30))
        self.assertEqual(master.last_occurrence.start, berlin(2031, 3, 14, 9, 30))
        self.assertEqual(master.last_occurrence.end, berlin(2031, 3, 14, 9, 45))
        self.assertIsNone(master.modified_occurrences)
        self.assertIsNone(master.deleted_occurrences)

    def test_a_calendar_view_expands_the_series(self):
        self.series()
        occurrences = self.view()
        self.assertEqual([o.start.astimezone(BERLIN).day for o in occurrences], [3, 5, 7, 10, 12, 14])
        self.assertTrue(all(o.type == "Occurrence" and o.subject == "Stand-up" for o in occurrences))

    def test_an_occurrence_is_changed_and_another_deleted(self):
        series = self.series()
        second = series.occurrence(2)
        second.refresh()
        self.assertEqual((second.type, second.start), ("Occurrence", berlin(2031, 3, 5, 9, 30)))
        second.subject = "Stand-up with guests"
        second.start = berlin(2031, 3, 5, 11, 0)
        second.end = berlin(2031, 3, 5, 11, 30)
        second.save(update_fields=["subject", "start", "end"])
        first = series.occurrence(1)
        first.refresh()
        first.delete()

        master = self.carol.calendar.get(id=series.id)
        [modified] = master.modified_occurrences
        self.assertEqual((modified.start, modified.original_start), (berlin(2031, 3, 5, 11, 0), berlin(2031, 3, 5, 9, 30)))
        [deleted] = master.deleted_occurrences
        self.assertEqual(deleted.start, berlin(2031, 3, 3, 9, 30))
        self.assertEqual(master.first_occurrence.start, berlin(2031, 3, 5, 11, 0), "the first occurrence left is the moved one")

        occurrences = self.view()
        self.assertEqual([(o.start, o.type, o.subject) for o in occurrences[:2]], [(berlin(2031, 3, 5, 11, 0), "Exception", "Stand-up with guests"), (berlin(2031, 3, 7, 9, 30), "Occurrence", "Stand-up")])
        self.assertEqual(len(occurrences), 5)

        exception = self.carol.calendar.get(id=modified.id)
        self.assertEqual((exception.subject, exception.type, exception.location), ("Stand-up with guests", "Exception", "Room 4"))

    def test_the_demo_series_reads_back(self):
        series = [item for item in self.carol.calendar.all() if item.type == "RecurringMaster"]
        for item in series:
            self.assertIsNotNone(item.first_occurrence, item.subject)
            self.assertIsNotNone(item.recurrence, item.subject)
