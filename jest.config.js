// Three projects, one per kind of test, so each can be run alone (`npm run test:unit` …) and
// all together by `npm test`.
const transform = {
	'^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: 'tsconfig.json' }],
};

const project = (name, testTimeout) => ({
	displayName: name,
	testEnvironment: 'node',
	transform,
	testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
	moduleFileExtensions: ['ts', 'js', 'json'],
	testTimeout,
});

module.exports = {
	projects: [project('unit', 30_000), project('integration', 120_000), project('e2e', 1_800_000)],
	reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
