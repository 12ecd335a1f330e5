import type { IExecuteFunctions } from 'n8n-workflow';
import { readStateDescription, setReadState } from './readState';
import type { ExchangeSession } from '../../transport/ews/session';

export const description = readStateDescription('markUnread');

export async function execute(this: IExecuteFunctions, session: ExchangeSession, itemIndexes: number[]) {
	return await setReadState.call(this, session, itemIndexes, false);
}
