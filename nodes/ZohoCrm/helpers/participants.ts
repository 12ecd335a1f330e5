/**
 * Meeting participants and the CRM people behind them. Zoho shows a meeting on the timeline of a
 * contact, lead or user only when that one is a participant of its type
 * (`{type: "contact", participant: "<id>"}`); an e-mail participant (`{type: "email", Email}`)
 * is just an address. These helpers find the e-mail participants of meeting records and turn
 * those whose address belongs to a CRM person into that person.
 */
import type { IDataObject } from 'n8n-workflow';
import { isPlainObject } from '../actions/common/utils';

export const PERSON_TYPES = ['user', 'contact', 'lead'] as const;
/** In order of precedence: an address that is a user's and a contact's makes a user participant. */
export type PersonType = (typeof PERSON_TYPES)[number];

export interface CrmPerson {
	email: string;
	type: PersonType;
	id: string;
}

/** The address of an e-mail participant (Zoho takes it in `Email`, some clients send it as `participant`). */
function emailOf(participant: unknown): string | undefined {
	if (!isPlainObject(participant) || participant.type !== 'email') return undefined;
	const email = participant.Email ?? participant.participant;
	return typeof email === 'string' && email.trim() !== '' ? email.trim().toLowerCase() : undefined;
}

/** The e-mail participants' addresses of a meeting record, lower case. */
export function emailParticipants(record: IDataObject): string[] {
	return Array.isArray(record.Participants) ? record.Participants.map(emailOf).filter((email): email is string => email !== undefined) : [];
}

const rank = (type: PersonType) => PERSON_TYPES.indexOf(type);

/** The CRM people by address, where several share one the user first, then the contact, then the lead. */
export class PeopleByEmail {
	private readonly people = new Map<string, CrmPerson>();

	add(person: CrmPerson): void {
		const email = person.email.trim().toLowerCase();
		const current = this.people.get(email);
		if (!current || rank(person.type) < rank(current.type)) this.people.set(email, { ...person, email });
	}

	/** Whether the address is already known as this type of person or one that takes precedence. */
	hasAtLeast(email: string, type: PersonType): boolean {
		const current = this.people.get(email);
		return current !== undefined && rank(current.type) <= rank(type);
	}

	/** The record's participants with every e-mail participant that is a CRM person turned into that person. */
	participantsOf(record: IDataObject): unknown[] | undefined {
		if (!Array.isArray(record.Participants)) return undefined;
		return record.Participants.map((participant) => {
			const person = this.people.get(emailOf(participant) ?? '');
			return person ? { type: person.type, participant: person.id } : participant;
		});
	}
}

/** A list of people given as a parameter: `[{email, type, id}]`; returns the reason when it is not one. */
export function parsePeople(value: unknown): CrmPerson[] | string {
	let list = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return [];
		try {
			list = JSON.parse(value);
		} catch {
			return 'is not JSON';
		}
	}
	if (!Array.isArray(list)) return 'is not a list';
	const people: CrmPerson[] = [];
	for (const [index, entry] of list.entries()) {
		const valid =
			isPlainObject(entry) &&
			typeof entry.email === 'string' &&
			PERSON_TYPES.includes(entry.type as PersonType) &&
			(typeof entry.id === 'string' || typeof entry.id === 'number');
		if (!valid) return `entry ${index + 1} is not {email, type: user|contact|lead, id}`;
		people.push({ email: entry.email as string, type: entry.type as PersonType, id: String(entry.id) });
	}
	return people;
}
