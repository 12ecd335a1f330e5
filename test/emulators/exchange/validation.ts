/**
 * Validates the element inside soap:Body against the official EWS schema with libxml2 (as
 * WebAssembly). libxml2-wasm is ESM-only, so it is loaded with a dynamic import: this works in
 * the emulator process (run by tsx) but not inside jest, which is why tests spawn the server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { schemaDirectory } from './schemaOrder';

export interface SchemaViolation {
	message: string;
	line: number;
	column: number;
}

/** The slice of the libxml2-wasm API used here. */
interface LibXml {
	XmlDocument: {
		fromBuffer(source: Uint8Array, options?: { url?: string }): LibXmlDocument;
	};
	XsdValidator: { fromDoc(doc: LibXmlDocument): { validate(element: unknown): void } };
}
interface LibXmlDocument {
	get(xpath: string): unknown;
	dispose(): void;
}
interface LibXmlError {
	message: string;
	details?: Array<{ message: string; line: number; col: number }>;
}

export interface BodyValidator {
	/** Violations of the element inside soap:Body; an empty list means valid. */
	validate(envelope: string): SchemaViolation[];
}

/**
 * A real dynamic import even where TypeScript compiles modules to CommonJS (ts-node turns
 * `import()` into `require()`, which cannot load this ESM-only package).
 */
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

export async function loadBodyValidator(): Promise<BodyValidator> {
	const libxml = (await importEsm('libxml2-wasm')) as LibXml;
	const nodeIo = (await importEsm('libxml2-wasm/lib/nodejs.mjs')) as { xmlRegisterFsInputProviders(): boolean };
	nodeIo.xmlRegisterFsInputProviders();
	const entry = path.join(schemaDirectory, 'ews-offline.xsd');
	const schemaDocument = libxml.XmlDocument.fromBuffer(fs.readFileSync(entry), { url: entry });
	const validator = libxml.XsdValidator.fromDoc(schemaDocument);

	const violations = (error: unknown): SchemaViolation[] => {
		const failure = error as LibXmlError;
		if (failure.details && failure.details.length > 0) {
			return failure.details.map((d) => ({ message: d.message.trim(), line: d.line, column: d.col }));
		}
		return [{ message: String(failure.message ?? error).trim(), line: 0, column: 0 }];
	};

	return {
		validate(envelope) {
			let document: LibXmlDocument;
			try {
				document = libxml.XmlDocument.fromBuffer(Buffer.from(envelope.replace(/^\uFEFF/, ''), 'utf8'));
			} catch (error) {
				return violations(error);
			}
			try {
				const body = document.get(
					`/*[local-name()='Envelope']/*[local-name()='Body' and namespace-uri()='http://schemas.xmlsoap.org/soap/envelope/']/*[1]`,
				);
				if (!body) return [{ message: 'soap:Body has no element', line: 1, column: 1 }];
				validator.validate(body);
				return [];
			} catch (error) {
				return violations(error);
			} finally {
				document.dispose();
			}
		},
	};
}
