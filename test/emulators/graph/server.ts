/**
 * The local Microsoft 365 server: the Exchange server's store and EWS front (/EWS/Exchange.asmx)
 * with the Microsoft Graph front beside it (/v1.0/…, tokens at /<tenant>/oauth2/v2.0/token), on
 * one origin, so one mailbox is seen through both, as in Exchange Online.
 */
import { startExchangeServer, type ExchangeServerOptions } from '../exchange/server';
import { GraphFront } from './front';

export interface Microsoft365Server {
	/** e.g. https://127.0.0.1:PORT; Graph is at `${origin}/v1.0`. */
	origin: string;
	/** The EWS endpoint on the same store. */
	ewsUrl: string;
	certificatePem?: string;
	close(): Promise<void>;
}

/** Starts the server in this process (scripts run with tsx; jest tests use the harness). */
export async function startGraphServer(options: ExchangeServerOptions = {}): Promise<Microsoft365Server> {
	const server = await startExchangeServer(options, async (emulator) => {
		emulator.addFront(GraphFront.create(emulator, { validate: options.validate !== false }));
	});
	return { origin: server.origin, ewsUrl: server.url, certificatePem: server.certificatePem, close: () => server.close() };
}
