// node:sqlite is stable enough for us but still flagged experimental in Node 22; its one-line warning
// on every start would read as a problem. Other warnings still print. Import this module first.
process.removeAllListeners('warning')
process.on('warning', (warning) => {
  if (warning.name !== 'ExperimentalWarning') console.warn(warning)
})
