/**
 * The application permissions each kind of call needs (any one of the list), as Graph's
 * permission reference gives them for app-only access.
 */
export const PERMISSIONS = {
	contactsRead: ['Contacts.Read', 'Contacts.ReadWrite'],
	contactsWrite: ['Contacts.ReadWrite'],
	calendarsRead: ['Calendars.Read', 'Calendars.ReadWrite'],
	calendarsWrite: ['Calendars.ReadWrite'],
	schedule: ['Calendars.ReadBasic', 'Calendars.Read', 'Calendars.ReadWrite'],
	mailRead: ['Mail.Read', 'Mail.ReadWrite'],
	mailWrite: ['Mail.ReadWrite'],
	mailSend: ['Mail.Send'],
	mailboxSettingsRead: ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'],
	tasksRead: ['Tasks.Read.All', 'Tasks.ReadWrite.All'],
	tasksWrite: ['Tasks.ReadWrite.All'],
	usersRead: ['User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
	/** Subscriptions check the resource's own read permission when created. */
	none: [] as string[],
};
