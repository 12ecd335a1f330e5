// Projects, one per kind of test, so each can be run alone (`npm run test:unit` …) and
// all together by `npm test`.
const transform = {
	'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
};

const project = (name) => ({
	displayName: name,
	testEnvironment: 'node',
	transform,
	testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
	moduleFileExtensions: ['ts', 'js', 'json'],
	setupFilesAfterEnv: ['<rootDir>/test/support/timeout.js'],
});

module.exports = {
	projects: ['unit', 'integration', 'package', 'e2e', 'reliability'].map(project),
	reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
	testSequencer: '<rootDir>/test/support/sequencer.js',
};
