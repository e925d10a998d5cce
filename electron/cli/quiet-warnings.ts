/**
 * Hides Node's ExperimentalWarning about `node:sqlite` (the store's SQLite: an implementation
 * detail users should not see) and prints every other warning as Node would. Import it first, before anything that loads the store.
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
