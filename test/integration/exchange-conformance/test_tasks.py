"""Tasks: every writable field, and the completion properties Exchange keeps in step."""
import datetime
from decimal import Decimal

from exchangelib import EWSDate, Task

from ews_conformance import ConformanceTest, account


class Tasks(ConformanceTest):
    def setUp(self):
        super().setUp()
        self.bob = account("bob@example.test")

    def test_a_task_is_created_and_read_back_with_every_field(self):
        task = Task(
            account=self.bob,
            folder=self.bob.tasks,
            subject="Prepare the quote",
            body="Numbers from finance",
            importance="High",
            status="InProgress",
            percent_complete=Decimal(40),
            start_date=EWSDate(2031, 3, 1),
            due_date=EWSDate(2031, 3, 15),
            categories=["Sales"],
            billing_information="Project 7",
            mileage="12 km",
            companies=["Contoso"],
            contacts=["Ada Lovelace"],
            total_work=120,
            actual_work=45,
        )
        task.save()
        read = self.bob.tasks.get(id=task.id)
        self.assertEqual((read.subject, read.body, read.importance, read.status), ("Prepare the quote", "Numbers from finance", "High", "InProgress"))
        self.assertEqual((read.start_date, read.due_date), (datetime.date(2031, 3, 1), datetime.date(2031, 3, 15)))
        self.assertEqual((read.percent_complete, read.is_complete, read.complete_date), (Decimal(40), False, None))
        self.assertEqual((read.billing_information, read.mileage, read.companies, read.contacts), ("Project 7", "12 km", ["Contoso"], ["Ada Lovelace"]))
        self.assertEqual((read.total_work, read.actual_work), (120, 45))
        self.assertEqual(read.categories, ["Sales"])
        self.assertEqual(read.status_description, "In Progress")
        self.assertEqual(read.owner, "Bob Brown")
        self.assertFalse(read.is_recurring)

    def test_completing_a_task_sets_its_percentage_and_completion_date(self):
        task = Task(account=self.bob, folder=self.bob.tasks, subject="Call back", status="NotStarted")
        task.save()
        task.status = "Completed"
        task.save(update_fields=["status"])
        done = self.bob.tasks.get(id=task.id)
        self.assertEqual((done.status, done.percent_complete, done.is_complete, done.status_description), ("Completed", Decimal(100), True, "Completed"))
        self.assertIsNotNone(done.complete_date)

        done.percent_complete = Decimal(50)
        done.save(update_fields=["percent_complete"])
        reopened = self.bob.tasks.get(id=task.id)
        self.assertEqual((reopened.status, reopened.percent_complete, reopened.is_complete, reopened.complete_date), ("InProgress", Decimal(50), False, None))

    def test_the_demo_tasks_list_with_their_due_dates(self):
        tasks = list(self.bob.tasks.all().order_by("due_date"))
        self.assertGreater(len(tasks), 0)
        for task in tasks:
            self.assertTrue(task.subject)
            self.assertIsNotNone(task.due_date, task.subject)
