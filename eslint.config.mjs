/**
 * Lint as n8n checks community packages:
 * - @n8n/eslint-plugin-community-nodes' self-hosted config on everything n8n's scanner reads
 *   (package.json, nodes/, credentials/);
 * - its n8n Cloud config (which adds the restricted imports and globals) on the same files except
 *   the EWS transport, the one place that must use Node's http/tls for NTLM and custom CAs;
 * - eslint-plugin-n8n-nodes-base's community, credentials and nodes rule sets.
 * n8n's scanner ignores eslint-disable comments for these rules, so none may be used for them.
 */
import tsParser from '@typescript-eslint/parser';
import { configs as communityConfigs } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

const EWS_TRANSPORT = 'nodes/MicrosoftExchange/transport/ews/**';
const SOURCES = ['nodes/**/*.ts', 'credentials/**/*.ts'];

const typescript = {
	languageOptions: {
		parser: tsParser,
		parserOptions: { sourceType: 'module' },
	},
};

const nodesBase = (name) => ({
	plugins: { 'n8n-nodes-base': n8nNodesBase },
	rules: n8nNodesBase.configs[name].rules,
});

export default [
	{ ignores: ['dist/**', 'node_modules/**', '.cache/**'] },
	{ files: [...SOURCES, 'package.json'], ...typescript },
	{
		...communityConfigs.recommendedWithoutN8nCloudSupport,
		files: [...SOURCES, 'package.json'],
	},
	{
		...communityConfigs.recommended,
		files: [...SOURCES, 'package.json'],
		ignores: [EWS_TRANSPORT],
	},
	{
		// The transport seam: only the EWS transport may speak to the EWS client library.
		files: SOURCES,
		ignores: [EWS_TRANSPORT],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['ews-javascript-api', 'ews-javascript-api/*', '@ewsjs/*'],
							message: 'Only nodes/MicrosoftExchange/transport/ews/ talks to EWS; use the ExchangeTransport interface.',
						},
					],
				},
			],
		},
	},
	{ files: ['package.json'], ...nodesBase('community') },
	{
		files: ['credentials/**/*.ts'],
		...nodesBase('credentials'),
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Main-repository rule (docs slugs); community credentials must link an HTTP URL, as the
			// next rule in the same set demands. n8n's own node-cli config turns it off too.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		...nodesBase('nodes'),
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// These two demand the string 'main', which the community rule node-connection-type-literal
			// forbids; n8n's own node-cli config turns them off for the same reason.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
];
