/**
 * Reads the Preview Sync Now page as a tool would: per user and object its counts, where it reads
 * from, and each write (side, action, record, fields old → new) and conflict, from the page's data
 * attributes and cells.
 */
export interface PagedWrite {
	side: string;
	action: string;
	syncId: string;
	recordId?: string;
	/** field → [old, new] (updates) or [new] (creates). */
	fields: Record<string, string[]>;
}

export interface PagedJob {
	mailbox: string;
	object: string;
	since: string;
	counts: Record<string, number>;
	writes: PagedWrite[];
	conflicts: Array<{ syncId: string; route: string; fields: Record<string, string[]> }>;
	error?: string;
}

const decode = (html: string) =>
	html
		.replace(/<[^>]+>/g, '')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&');

const attribute = (tag: string, name: string) => {
	const match = new RegExp(` data-${name}="([^"]*)"`).exec(tag);
	return match ? decode(match[1]) : undefined;
};

/** field → its cells (the field name's header cell excluded, the arrow cell dropped). */
function fieldRows(html: string): Record<string, string[]> {
	const rows: Record<string, string[]> = {};
	for (const row of html.matchAll(/<tr data-field="([^"]*)">(.*?)<\/tr>/g)) {
		const cells = [...row[2].matchAll(/<td>(.*?)<\/td>/g)].map((cell) => decode(cell[1])).filter((cell) => cell !== '→');
		rows[decode(row[1])] = cells;
	}
	return rows;
}

export function readPreviewPage(html: string): PagedJob[] {
	return html
		.split('<section class="job"')
		.slice(1)
		.map((section) => {
			const head = section.slice(0, section.indexOf('>'));
			const counts = Object.fromEntries([...section.matchAll(/<span data-count="(\w+)">(\d+) /g)].map((match) => [match[1], Number(match[2])]));
			const writes = section
				.split('<li class="write"')
				.slice(1)
				.map((item) => {
					const tag = item.slice(0, item.indexOf('>'));
					const recordId = attribute(tag, 'record-id');
					return { side: attribute(tag, 'side')!, action: attribute(tag, 'action')!, syncId: attribute(tag, 'sync-id')!, ...(recordId ? { recordId } : {}), fields: fieldRows(item.slice(0, item.indexOf('</li>'))) };
				});
			const conflicts = section
				.split('<li class="conflict"')
				.slice(1)
				.map((item) => {
					const tag = item.slice(0, item.indexOf('>'));
					return { syncId: attribute(tag, 'sync-id')!, route: attribute(tag, 'route')!, fields: fieldRows(item.slice(0, item.indexOf('</li>'))) };
				});
			const error = /<div class="error">(.*?)<\/div>/.exec(section);
			return {
				mailbox: attribute(head, 'mailbox')!,
				object: attribute(head, 'object')!,
				since: attribute(section, 'since') ?? '',
				counts,
				writes,
				conflicts,
				...(error ? { error: decode(error[1]) } : {}),
			};
		});
}
