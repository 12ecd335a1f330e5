// Prints one plain closing line, "tests: N passed, N failed, N skipped", that any CI can read.
class SummaryReporter {
	onRunComplete(_contexts, results) {
		const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
		const failedSuites = results.numRuntimeErrorTestSuites;
		process.stdout.write(
			`\ntests: ${numPassedTests} passed, ${numFailedTests + failedSuites} failed, ${numPendingTests + numTodoTests} skipped\n`,
		);
	}
}
module.exports = SummaryReporter;
