// Per-kind test timeouts. Jest reads `testTimeout` only from the global configuration, so each
// test file sets its own from the folder it lives in (test/<kind>/…).
const TIMEOUT_BY_KIND = {
	unit: 30_000,
	integration: 120_000,
	reliability: 600_000,
	e2e: 1_800_000,
};

const kind = /[\\/]test[\\/]([^\\/]+)[\\/]/.exec(expect.getState().testPath ?? '')?.[1];
jest.setTimeout(TIMEOUT_BY_KIND[kind] ?? 30_000);
