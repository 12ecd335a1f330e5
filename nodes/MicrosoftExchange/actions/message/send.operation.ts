import type { IExecuteFunctions } from 'n8n-workflow';
import { composeDescription, composeMessages } from './compose';
import type { ExchangeSession } from '../../transport/ews/session';

export const description = composeDescription('send');

export async function execute(this: IExecuteFunctions, session: ExchangeSession, itemIndexes: number[]) {
	return await composeMessages.call(this, session, itemIndexes, true);
}
