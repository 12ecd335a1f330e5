import type { IExecuteFunctions } from 'n8n-workflow';
import { readStateDescription, setReadState } from './readState';
import type { ExchangeTransport } from '../../transport';

export const description = readStateDescription('markUnread');

export async function execute(this: IExecuteFunctions, transport: ExchangeTransport, itemIndexes: number[]) {
	return await setReadState.call(this, transport, itemIndexes, false);
}
