/**
 * Hides Node's ExperimentalWarning about `node:sqlite` (design §5: users should not see it) and
 * prints every other warning as Node would. Import it first, before anything that loads the store.
 */
function isSqliteWarning(warning: Error): boolean {
  return warning.name === 'ExperimentalWarning' && /sqlite/i.test(warning.message);
}

const listeners = process.listeners('warning');
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (isSqliteWarning(warning)) return;
  if (listeners.length === 0) {
    process.stderr.write(`(node:${process.pid}) ${warning.name}: ${warning.message}\n`);
  }
  for (const listener of listeners) listener(warning);
});

export { isSqliteWarning };
