/**
 * Drives Zoho's official Node SDK (`@zohocrm/nodejs-sdk-8.0`, an ES module, so it runs in this
 * child process rather than in Jest) against a Zoho server, the way its samples use it.
 *
 * Usage: node sdkDriver.mjs <origin> <work folder>. The SDK keeps its token store, field caches
 * and log in the work folder only. Each line on stdin is a request `{"id", "op", "args"}`; each
 * answer is one line on stdout, `{"id", "result"}` or `{"id", "error"}`. Results are plain JSON: the
 * SDK's model objects with their properties, records as their key-value maps, BigInt ids as strings,
 * dates as ISO strings. The first line written is `{"ready": …}` once the SDK is initialized.
 *
 * Values in record arguments may be tagged so the driver builds what the SDK expects:
 * `{"$id": "…"}` a lookup (a Record with that id), `{"$user": "…"}` an owner, `{"$date": "yyyy-MM-dd"}`,
 * `{"$datetime": "…"}`, `{"$choice": "…"}` a picklist value.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import * as Z from '@zohocrm/nodejs-sdk-8.0';

const [origin, workFolder] = process.argv.slice(2);

function plain(value) {
	if (value === null || value === undefined) return null;
	if (typeof value === 'bigint') return value.toString();
	if (value instanceof Date) return value.toISOString();
	if (value instanceof Z.Choice) return plain(value.getValue());
	if (value instanceof Map) return Object.fromEntries([...value].map(([key, entry]) => [key, plain(entry)]));
	if (Array.isArray(value)) return value.map(plain);
	if (typeof value === 'object') {
		if (value.keyValues instanceof Map) return plain(value.keyValues);
		const out = { $type: value.constructor?.name };
		for (const [key, entry] of Object.entries(value)) if (key !== 'keyModified' && entry !== undefined) out[key] = plain(entry);
		return out;
	}
	return value;
}

/** An SDK answer: its HTTP status and the object the SDK made of the body. */
const answer = (response) => ({ status: response.getStatusCode(), object: plain(response.getObject()) });

function sdkValue(value) {
	if (Array.isArray(value)) return value.map(sdkValue);
	if (value === null || typeof value !== 'object') return value;
	if ('$id' in value) {
		const record = new Z.Record.Record();
		record.setId(BigInt(value.$id));
		return record;
	}
	if ('$user' in value) {
		const user = new Z.Users.MinifiedUser();
		user.setId(BigInt(value.$user));
		return user;
	}
	if ('$date' in value) return new Date(`${value.$date}T00:00:00`);
	if ('$datetime' in value) return new Date(value.$datetime);
	if ('$choice' in value) return new Z.Choice(value.$choice);
	return value;
}

function sdkRecord(fields) {
	const record = new Z.Record.Record();
	for (const [name, value] of Object.entries(fields)) {
		if (name === 'id') record.setId(BigInt(value));
		else record.addKeyValue(name, sdkValue(value));
	}
	return record;
}

async function params(ParamClass, values = {}) {
	const map = new Z.ParameterMap();
	for (const [name, value] of Object.entries(values)) {
		if (value === undefined) continue;
		for (const entry of Array.isArray(value) ? value : [value]) await map.add(ParamClass[name], entry);
	}
	return map;
}

async function headers(HeaderClass, values = {}) {
	const map = new Z.HeaderMap();
	for (const [name, value] of Object.entries(values)) if (value !== undefined) await map.add(HeaderClass[name], value);
	return map;
}

function recordsBody(records) {
	const body = new Z.Record.BodyWrapper();
	body.setData(records.map(sdkRecord));
	body.setTrigger([]);
	return body;
}

function address(AddressClass, entry) {
	const address = new AddressClass();
	address.setUserName(entry.user_name);
	address.setEmail(entry.email);
	return address;
}

const OPERATIONS = {
	/** What the SDK stored for the token: user signature and api_domain (the FileStore's CSV). */
	tokenStore: async () => {
		const [header, ...rows] = fs.readFileSync(path.join(workFolder, 'tokens.csv'), 'utf8').trim().split('\n');
		const names = header.split(',');
		return rows.map((row) => Object.fromEntries(row.split(',').map((cell, index) => [names[index], cell])));
	},
	users: async ({ type }) => answer(await new Z.Users.UsersOperations().getUsers(await params(Z.Users.GetUsersParam, { TYPE: type }), new Z.HeaderMap())),
	user: async ({ id }) => answer(await new Z.Users.UsersOperations().getUser(BigInt(id), new Z.HeaderMap())),
	org: async () => answer(await new Z.Org.OrgOperations().getOrganization()),
	modules: async () => answer(await new Z.Modules.ModulesOperations().getModules(new Z.ParameterMap(), new Z.HeaderMap())),
	module: async ({ apiName }) => answer(await new Z.Modules.ModulesOperations().getModuleByAPIName(apiName)),
	field: async ({ module, id }) => answer(await new Z.Fields.FieldsOperations().getField(BigInt(id), await params(Z.Fields.GetFieldParam, { MODULE: module }))),
	fields: async ({ module }) => answer(await new Z.Fields.FieldsOperations().getFields(await params(Z.Fields.GetFieldsParam, { MODULE: module }))),
	layouts: async ({ module }) => answer(await new Z.Layouts.LayoutsOperations().getLayouts(await params(Z.Layouts.GetLayoutsParam, { MODULE: module }))),
	relatedLists: async ({ module }) =>
		answer(await new Z.RelatedLists.RelatedListsOperations().getRelatedLists(await params(Z.RelatedLists.GetRelatedListsParam, { MODULE: module }))),
	createRecords: async ({ module, records }) => answer(await new Z.Record.RecordOperations(module).createRecords(recordsBody(records), new Z.HeaderMap())),
	upsertRecords: async ({ module, records, duplicateCheckFields }) => {
		const body = recordsBody(records);
		body.setDuplicateCheckFields(duplicateCheckFields);
		return answer(await new Z.Record.RecordOperations(module).upsertRecords(body, new Z.HeaderMap()));
	},
	updateRecords: async ({ module, records }) => answer(await new Z.Record.RecordOperations(module).updateRecords(recordsBody(records), new Z.HeaderMap())),
	/** A meeting with participants, reminders and a recurrence, built from the SDK's own models. */
	createMeeting: async ({ title, start, end, participants, remindMinutes, rrule }) => {
		const meeting = new Z.Record.Record();
		meeting.addKeyValue('Event_Title', title);
		meeting.addKeyValue('Start_DateTime', new Date(start));
		meeting.addKeyValue('End_DateTime', new Date(end));
		meeting.addKeyValue(
			'Participants',
			participants.map(({ type, participant }) => {
				const entry = new Z.Record.Participants();
				entry.setType(type);
				entry.setParticipant(participant);
				return entry;
			}),
		);
		const reminder = new Z.Record.Reminder();
		reminder.setPeriod('minutes');
		reminder.setUnit(remindMinutes);
		meeting.addKeyValue('Remind_At', [reminder]);
		const recurrence = new Z.Record.RecurringActivity();
		recurrence.setRrule(rrule);
		meeting.addKeyValue('Recurring_Activity', recurrence);
		const body = new Z.Record.BodyWrapper();
		body.setData([meeting]);
		return answer(await new Z.Record.RecordOperations('Events').createRecords(body, new Z.HeaderMap()));
	},
	getRecord: async ({ module, id }) => answer(await new Z.Record.RecordOperations(module).getRecord(BigInt(id), new Z.ParameterMap(), new Z.HeaderMap())),
	getRecords: async ({ module, fields, perPage, page, pageToken, ids, modifiedSince }) =>
		answer(
			await new Z.Record.RecordOperations(module).getRecords(
				await params(Z.Record.GetRecordsParam, { FIELDS: fields, PER_PAGE: perPage, PAGE: page, PAGE_TOKEN: pageToken, IDS: ids }),
				await headers(Z.Record.GetRecordsHeader, { IF_MODIFIED_SINCE: modifiedSince ? new Date(modifiedSince) : undefined }),
			),
		),
	deleteRecords: async ({ module, ids }) =>
		answer(await new Z.Record.RecordOperations(module).deleteRecords(await params(Z.Record.DeleteRecordsParam, { IDS: ids, WF_TRIGGER: false }), new Z.HeaderMap())),
	deletedRecords: async ({ module, type }) =>
		answer(await new Z.Record.RecordOperations(module).getDeletedRecords(await params(Z.Record.GetDeletedRecordsParam, { TYPE: type }), new Z.HeaderMap())),
	searchRecords: async ({ module, criteria, email, word }) =>
		answer(
			await new Z.Record.RecordOperations(module).searchRecords(
				await params(Z.Record.SearchRecordsParam, { CRITERIA: criteria, EMAIL: email, WORD: word }),
				new Z.HeaderMap(),
			),
		),
	coql: async ({ query }) => {
		const body = new Z.Coql.BodyWrapper();
		body.setSelectQuery(query);
		return answer(await new Z.Coql.CoqlOperations().getRecords(body));
	},
	createNote: async ({ parentModule, parentModuleId, parentId, title, content }) => {
		const note = new Z.Notes.Note();
		note.setNoteTitle(title);
		note.setNoteContent(content);
		const parent = new Z.Notes.ParentId();
		parent.setId(BigInt(parentId));
		const module = new Z.Modules.MinifiedModule();
		module.setAPIName(parentModule);
		module.setId(BigInt(parentModuleId));
		await parent.setModule(module);
		await note.setParentId(parent);
		const body = new Z.Notes.BodyWrapper();
		body.setData([note]);
		return answer(await new Z.Notes.NotesOperations().createNotes(body));
	},
	notes: async ({ fields }) => answer(await new Z.Notes.NotesOperations().getNotes(await params(Z.Notes.GetNotesParam, { FIELDS: fields }), new Z.HeaderMap())),
	relatedRecords: async ({ module, id, relatedList, fields }) =>
		answer(
			await new Z.RelatedRecords.RelatedRecordsOperations(relatedList, module).getRelatedRecords(
				BigInt(id),
				await params(Z.RelatedRecords.GetRelatedRecordsParam, { FIELDS: fields }),
				new Z.HeaderMap(),
			),
		),
	emails: async ({ module, id }) => answer(await new Z.EmailRelatedRecords.EmailRelatedRecordsOperations(BigInt(id), module).getEmailsRelatedRecords(new Z.ParameterMap())),
	email: async ({ module, id, messageId }) => answer(await new Z.EmailRelatedRecords.EmailRelatedRecordsOperations(BigInt(id), module).getEmailsRelatedRecord(messageId)),
	fromAddresses: async () => answer(await new Z.FromAddresses.FromAddressesOperations().getFromAddresses()),
	sendMail: async ({ module, id, from, to, subject, content, orgEmail }) => {
		const mail = new Z.SendMail.Data();
		await mail.setFrom(address(Z.SendMail.From, from));
		mail.setTo(to.map((entry) => address(Z.SendMail.To, entry)));
		mail.setSubject(subject);
		mail.setContent(content);
		mail.setMailFormat(new Z.Choice('html'));
		if (orgEmail !== undefined) mail.setOrgEmail(orgEmail);
		const body = new Z.SendMail.BodyWrapper();
		body.setData([mail]);
		return answer(await new Z.SendMail.SendMailOperations(BigInt(id), module).sendMail(body));
	},
	enableNotifications: async ({ channelId, events, notifyUrl, token, expiry }) => {
		const notification = new Z.Notifications.Notification();
		notification.setChannelId(channelId);
		notification.setEvents(events);
		notification.setNotifyUrl(notifyUrl);
		notification.setToken(token);
		notification.setChannelExpiry(new Date(expiry));
		const body = new Z.Notifications.BodyWrapper();
		body.setWatch([notification]);
		return answer(await new Z.Notifications.NotificationsOperations().enableNotifications(body));
	},
	notifications: async ({ channelId }) =>
		answer(await new Z.Notifications.NotificationsOperations().getNotifications(await params(Z.Notifications.GetNotificationsParam, { CHANNEL_ID: channelId }))),
	disableNotifications: async ({ channelIds }) =>
		answer(await new Z.Notifications.NotificationsOperations().deleteNotification(await params(Z.Notifications.DeleteNotificationParam, { CHANNEL_IDS: channelIds }))),
};

function write(message) {
	process.stdout.write(`${JSON.stringify(message)}\n`);
}

const errorOf = (error) => ({ name: error?.name, code: error?.code, message: String(error?.message ?? error), details: plain(error?.details ?? null), cause: error?.cause ? String(error.cause) : null });

try {
	const environment = new Z.Environment(origin, `${origin}/oauth/v2/token`, origin);
	const token = new Z.OAuthBuilder().clientId('demo-client-id').clientSecret('demo-client-secret').refreshToken('demo-refresh-token').build();
	await (
		await new Z.InitializeBuilder()
	)
		.environment(environment)
		.token(token)
		.store(new Z.FileStore(path.join(workFolder, 'tokens.csv')))
		// With its separator: the SDK appends "resources/" to it without one for related lists.
		.resourcePath(`${workFolder}${path.sep}`)
		.logger(new Z.LogBuilder().level(Z.Levels.INFO).filePath(path.join(workFolder, 'sdk.log')).build())
		.initialize();
	write({ ready: true });
} catch (error) {
	write({ ready: false, error: errorOf(error) });
	process.exit(1);
}

for await (const line of readline.createInterface({ input: process.stdin })) {
	if (!line.trim()) continue;
	const { id, op, args } = JSON.parse(line);
	try {
		const operation = OPERATIONS[op];
		if (!operation) throw new Error(`no operation ${op}`);
		write({ id, result: await operation(args ?? {}) });
	} catch (error) {
		write({ id, error: errorOf(error) });
	}
}
