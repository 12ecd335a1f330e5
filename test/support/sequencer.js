// Runs the test projects in a fixed order, cheapest first: unit, integration, package,
// reliability, then e2e. The e2e tests need n8n installed (minutes on a fresh clone); CI starts
// that install beside the build, and this order lets it finish while the other tests run.
// Within a project, Jest's own order (slowest or largest first) stays.
const Sequencer = require('@jest/test-sequencer').default;

const PROJECT_ORDER = ['unit', 'integration', 'package', 'reliability', 'e2e'];

class ProjectOrderSequencer extends Sequencer {
	sort(tests) {
		const rank = (test) => PROJECT_ORDER.indexOf(test.context.config.displayName?.name);
		// Array.prototype.sort is stable: Jest's order within a project is kept.
		return [...super.sort(tests)].sort((a, b) => rank(a) - rank(b));
	}
}

module.exports = ProjectOrderSequencer;
