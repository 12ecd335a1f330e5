import type { ITriggerFunctions, ITriggerResponse } from 'n8n-workflow';
import { exchangeTransport } from '../transport';
import { readSettings, sample } from './common';

/**
 * Real-time mode: the transport keeps the mailboxes watched while the workflow is active (EWS:
 * streaming subscriptions) and hands over each batch of changed items, which are emitted with
 * their item type. Closing the workflow closes the watch.
 */
export async function trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
	const settings = readSettings(this);
	const transport = await exchangeTransport(this);
	if (this.getMode() === 'manual') {
		const emitSample = async () => this.emit([this.helpers.returnJsonArray(await sample(transport, settings))]);
		return { manualTriggerFunction: emitSample };
	}
	const watch = await transport.watch(settings.type, {
		mailboxes: settings.mailboxes,
		events: settings.events,
		onChanges: (changes) =>
			this.emit([this.helpers.returnJsonArray(changes.map((change) => ({ changeType: change.changeType, itemType: settings.itemType, ...change })))]),
		onError: (error) => this.emitError(error),
		warn: (message) => this.logger.warn(`Microsoft Exchange trigger: ${message}`),
	});
	return { closeFunction: async () => await watch.close() };
}
