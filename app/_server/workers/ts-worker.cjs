// A worker thread's first file in development and tests: Node loads it as CommonJS, which
// tsx's require hook (execArgv --import tsx) extends to TypeScript, then it loads the real
// entry. (Node 20 does not apply the --import loader to a worker's own entry file.)
require(require('node:worker_threads').workerData.entry);
