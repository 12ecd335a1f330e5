/**
 * Debian's Chromium, headless, driven by Playwright, for the tests that use n8n's pages as a person
 * does. Only loopback traffic leaves the browser. Screenshots go to .cache/screenshots, or with
 * UPDATE_SCREENSHOTS=1 (`npm run screenshots`) to docs/images, the ones the docs show.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from '../../../../scripts/n8n/paths';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(repoRoot, 'docs', 'images') : path.join(repoRoot, '.cache', 'screenshots');

export interface Browser {
	context: BrowserContext;
	close(): Promise<void>;
}

/** Installs Chromium when missing (as root), and starts it with a fresh profile. */
export async function launchChromium(viewport: { width: number; height: number }): Promise<Browser> {
	execFileSync('sh', [path.join(repoRoot, 'scripts', 'browser', 'ensure-chromium.sh')], { stdio: 'inherit' });
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'exzs-chromium-'));
	const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, viewport });
	// Web fonts and the like are not fetched: everything stays on 127.0.0.1.
	await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
	return {
		context,
		async close() {
			await context.close();
			fs.rmSync(userDataDir, { recursive: true, force: true });
		},
	};
}

/** Saves a screenshot of the page (the whole page, or the area `clip` gives) under `name`. */
export async function screenshot(page: Page, name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
	fs.mkdirSync(SCREENSHOTS, { recursive: true });
	await page.screenshot({ path: path.join(SCREENSHOTS, name), ...(clip ? { clip } : { fullPage: true }) });
}
