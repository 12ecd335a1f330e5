/**
 * workflows/schedule-meeting.json is what scripts/workflows/meeting.ts describes: a form served at
 * its fixed path whose every ending is a Form Ending page, and whose Sync node creates the Zoho
 * side from the Exchange event just created.
 */
import fs from 'node:fs';
import path from 'node:path';
import { workflowsFolder } from '../../../scripts/n8n/workflows';
import { renderWorkflow } from '../../../scripts/workflows/generate';
import { MEETING_FORM_PATH, meetingWorkflow } from '../../../scripts/workflows/meeting';

const workflow = meetingWorkflow();
const connections = workflow.connections as Record<string, { main: Array<Array<{ node: string; index: number }>> }>;
const byName = (name: string) => workflow.nodes.find((node) => node.name === name)!;

describe('schedule-meeting workflow', () => {
	it('workflows/schedule-meeting.json is up to date', () => {
		expect(fs.readFileSync(path.join(workflowsFolder, 'schedule-meeting.json'), 'utf8')).toBe(renderWorkflow(workflow));
	});

	it('serves the form at its fixed path and connects only nodes that exist', () => {
		const names = workflow.nodes.map((node) => node.name);
		expect(new Set(names).size).toBe(names.length);
		expect(byName('Schedule a meeting').parameters).toMatchObject({ options: { path: MEETING_FORM_PATH } });
		for (const [from, { main }] of Object.entries(connections)) {
			expect(names).toContain(from);
			for (const target of main.flat()) expect(names).toContain(target.node);
		}
	});

	it('answers every refusal with a Form Ending page titled by the check that refused', () => {
		for (const check of ['Request valid?', 'Attendees known?', 'Time free?']) {
			expect(connections[check].main[1].map((target) => target.node)).toEqual(['Cannot schedule']);
		}
		expect(byName('Cannot schedule').parameters).toMatchObject({ operation: 'completion', completionTitle: '={{ $json.refusal }}' });
	});

	it('has no Code node: each step is an operation of the Sync node', () => {
		expect(workflow.nodes.filter((node) => node.type === 'n8n-nodes-base.code')).toEqual([]);
		const steps = ['Check Meeting Request', 'Meeting Times', 'Chosen Meeting Time', 'Meeting Confirmation'].map((name) => byName(name).parameters.operation);
		expect(steps).toEqual(['checkMeetingRequest', 'meetingTimes', 'chosenMeetingTime', 'meetingConfirmation']);
	});

	it('hands the created Exchange event to the Sync node on changes only, which writes the Zoho event', () => {
		expect(byName('Exchange ⇄ CRM Sync').parameters).toMatchObject({ object: 'events', crmModule: 'Events', inputCompleteness: 'changes' });
		expect(connections['Create event in Exchange'].main[0]).toEqual([expect.objectContaining({ node: 'Exchange ⇄ CRM Sync', index: 0 })]);
		expect(connections['Exchange ⇄ CRM Sync'].main[1].map((target) => target.node)).toEqual(['Find attendees in CRM']);
		// The contacts and leads Meeting Times found are reused; only the users are read.
		expect(byName('Find attendees in CRM').parameters).toMatchObject({
			resource: 'event',
			operation: 'matchParticipants',
			knownPeople: "={{ $('Meeting Times').first().json.crmAttendees }}",
			lookUp: "={{ ['users'] }}",
		});
		expect(connections['Find attendees in CRM'].main[0].map((target) => target.node)).toEqual(['CRM write']);
		expect(connections['CRM write'].main[0].map((target) => target.node)).toEqual(['Create in CRM']);
	});
});
