/**
 * The Preview Sync Now page: a form to choose users and objects, the totals, and per user and
 * object every create, field change (old → new), delete, held delete and conflict the next run
 * would make. Every value is HTML-escaped; long values arrive cut (see `shortValue`).
 * Rows carry data attributes (side, action, sync id, record id, field) for tools that read the page.
 */
import type { Side } from './fieldMap';
import type { FieldChange, PreviewCounts, RunPreview } from './preview';
import type { CanonicalValue } from './values';

/** One user's and object's row of the preview: its plan, or why it could not be made. */
export interface PreviewPageEntry {
	user?: string;
	mailbox: string;
	object: string;
	/** When the run reads changes from (the last run's cursor); empty: it reads both sides in full. */
	since?: string;
	preview?: RunPreview;
	error?: string;
}

export interface PreviewPageForm {
	/** The users field as the admin typed it (comma-separated emails; empty: every active user). */
	users: string;
	/** The objects chosen, and every object there is to choose. */
	objects: string[];
	allObjects: string[];
}

export interface PreviewPage {
	html: string;
	totals: PreviewCounts;
	/** Jobs whose preview failed (their error is on the page). */
	failed: number;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (character) => ENTITIES[character]);

const SIDE_NAME: Record<Side, string> = { exchange: 'Exchange', crm: 'the CRM' };
const ACTION_NAME = { create: 'create', update: 'update', delete: 'delete' } as const;
const ROUTE_NAME = { crmWins: 'the CRM value wins', exchangeWins: 'the Exchange value wins', review: 'left for review: nothing written for these fields' } as const;

function valueText(value: CanonicalValue | undefined): string {
	if (value === undefined) return '<span class="unknown">(not read)</span>';
	if (value === null || value === '') return '<span class="empty">(empty)</span>';
	return escapeHtml(Array.isArray(value) ? value.join(', ') : String(value));
}

const attributes = (values: Record<string, string | undefined>) =>
	Object.entries(values)
		.filter(([, value]) => value !== undefined)
		.map(([name, value]) => ` data-${name}="${escapeHtml(value!)}"`)
		.join('');

function fieldTable(action: string, fields: FieldChange[]): string {
	if (action === 'delete') return '';
	if (fields.length === 0) return action === 'update' ? '<div class="note">only the sync link is refreshed: no field changes</div>' : '';
	const rows = fields.map((change) =>
		action === 'create'
			? `<tr${attributes({ field: change.field })}><th>${escapeHtml(change.field)}</th><td>${valueText(change.newValue)}</td></tr>`
			: `<tr${attributes({ field: change.field })}><th>${escapeHtml(change.field)}</th><td>${valueText(change.oldValue)}</td><td>→</td><td>${valueText(change.newValue)}</td></tr>`,
	);
	return `<table class="fields">${rows.join('')}</table>`;
}

function writesList(preview: RunPreview): string {
	if (preview.writes.length === 0) return '';
	const items = preview.writes.map(
		(write) =>
			`<li class="write"${attributes({ side: write.side, action: write.action, 'sync-id': write.syncId, 'record-id': write.recordId })}><b>${ACTION_NAME[write.action]}</b> in ${SIDE_NAME[write.side]}: ${escapeHtml(write.name)} <span class="reason">(${escapeHtml(write.reason)})</span>${fieldTable(write.action, write.fields)}</li>`,
	);
	return `<h4>Writes</h4><ul>${items.join('')}</ul>`;
}

function conflictsList(preview: RunPreview): string {
	if (preview.conflicts.length === 0) return '';
	const items = preview.conflicts.map((conflict) => {
		const rows = conflict.fields.map(
			(field) => `<tr${attributes({ field: field.field })}><th>${escapeHtml(field.field)}</th><td>${valueText(field.exchangeValue)}</td><td>${valueText(field.crmValue)}</td></tr>`,
		);
		return `<li class="conflict"${attributes({ 'sync-id': conflict.syncId, route: conflict.route })}>${escapeHtml(conflict.name)}: ${ROUTE_NAME[conflict.route]}<table class="fields"><tr><th>field</th><th>Exchange</th><th>CRM</th></tr>${rows.join('')}</table></li>`;
	});
	return `<h4>Conflicts</h4><ul>${items.join('')}</ul>`;
}

function heldList(preview: RunPreview): string {
	if (preview.heldDeletes.length === 0) return '';
	const items = preview.heldDeletes.map(
		(held) => `<li class="held"${attributes({ 'sync-id': held.syncId })}>${escapeHtml(held.name)} <span class="reason">(${escapeHtml(held.reason)})</span></li>`,
	);
	const release = preview.held?.release ? `<div class="note">${escapeHtml(preview.held.release)}</div>` : '';
	return `<h4>Deletes held back</h4><ul>${items.join('')}</ul>${release}`;
}

function notWrittenList(preview: RunPreview): string {
	if (preview.notWritten.length === 0) return '';
	const items = preview.notWritten.map((entry) => `<li class="not-written">${entry.name ? `${escapeHtml(entry.name)}: ` : ''}${escapeHtml(entry.reason)}</li>`);
	return `<h4>Not written</h4><ul>${items.join('')}</ul>`;
}

function countsLine(counts: PreviewCounts): string {
	const parts: Array<[keyof PreviewCounts, string]> = [
		['created', 'created'],
		['updated', 'updated'],
		['deleted', 'deleted'],
		['conflicts', 'conflicts'],
		['heldDeletes', 'deletes held back'],
		['notWritten', 'not written'],
	];
	return parts.map(([key, label]) => `<span${attributes({ count: key })}>${counts[key]} ${label}</span>`).join(' · ');
}

function entrySection(entry: PreviewPageEntry): string {
	const title = `${entry.user ? `${escapeHtml(entry.user)} ` : ''}&lt;${escapeHtml(entry.mailbox)}&gt; · ${escapeHtml(entry.object)}`;
	const head = `<section class="job"${attributes({ mailbox: entry.mailbox, object: entry.object })}><h3>${title}</h3>`;
	if (entry.error !== undefined || entry.preview === undefined) {
		return `${head}<div class="error">Could not be previewed: ${escapeHtml(entry.error ?? 'the object workflow returned no preview')}</div></section>`;
	}
	const { preview } = entry;
	const reads = entry.since ? `reads what changed since ${escapeHtml(entry.since)}` : 'reads both sides in full';
	const nothing = preview.writes.length + preview.conflicts.length + preview.heldDeletes.length + preview.notWritten.length === 0 ? '<div class="note">nothing to do</div>' : '';
	return `${head}<div class="counts">${countsLine(preview.counts)}</div><div class="note"${attributes({ since: entry.since ?? '' })}>${reads}</div>${nothing}${writesList(preview)}${conflictsList(preview)}${heldList(preview)}${notWrittenList(preview)}</section>`;
}

function formSection(form: PreviewPageForm): string {
	const boxes = form.allObjects.map(
		(object) => `<label><input type="checkbox" name="objects" value="${escapeHtml(object)}"${form.objects.includes(object) ? ' checked' : ''}> ${escapeHtml(object)}</label>`,
	);
	return `<form method="get"><label>Users (emails, comma-separated; empty: every active user) <input type="text" name="users" size="60" value="${escapeHtml(form.users)}"></label><div>Objects (none ticked: all) ${boxes.join(' ')}</div><button type="submit">Preview</button></form>`;
}

const STYLE =
	'body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;margin:.3em 0 .6em 1.5em}th,td{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}.reason,.note,.unknown,.empty{color:#666}.error{color:#b00}.job{border-top:2px solid #ddd;margin-top:1.5em}.counts span{white-space:nowrap}form{background:#f5f5f5;padding:1em}';

export function previewPage(entries: PreviewPageEntry[], form: PreviewPageForm): PreviewPage {
	const totals: PreviewCounts = { created: 0, updated: 0, deleted: 0, conflicts: 0, heldDeletes: 0, notWritten: 0 };
	for (const entry of entries) {
		if (!entry.preview) continue;
		for (const key of Object.keys(totals) as Array<keyof PreviewCounts>) totals[key] += entry.preview.counts[key];
	}
	const failed = entries.filter((entry) => entry.error !== undefined || entry.preview === undefined).length;
	const failedNote = failed > 0 ? ` · <span class="error">${failed} could not be previewed</span>` : '';
	const html = [
		'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Preview Sync Now</title>',
		`<style>${STYLE}</style></head><body>`,
		'<h1>Preview Sync Now</h1><p>What the next Sync Now would do with the settings of this preview workflow. Nothing was written: no record, no sync link, no cursor.</p>',
		formSection(form),
		`<h2>Totals</h2><div class="counts totals">${countsLine(totals)}${failedNote}</div>`,
		entries.length === 0 ? '<p>No selected, active CRM user and object to preview.</p>' : entries.map(entrySection).join(''),
		'</body></html>',
	].join('');
	return { html, totals, failed };
}
