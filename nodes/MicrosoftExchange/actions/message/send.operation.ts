import type { IExecuteFunctions } from 'n8n-workflow';
import { composeDescription, composeMessages } from './compose';
import type { ExchangeTransport } from '../../transport';

export const description = composeDescription('send');

export async function execute(this: IExecuteFunctions, transport: ExchangeTransport, itemIndexes: number[]) {
	return await composeMessages.call(this, transport, itemIndexes, true);
}
