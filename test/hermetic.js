// Preloaded into the unit layer's test processes (scripts/unit.mjs): unit tests are hermetic, so
// starting a process, opening a socket or listening on a port fails the test that tries, by name
// of what it tried. The test runner's own parent process (which spawns the test files) is left alone.
'use strict';
if (process.env.NODE_TEST_CONTEXT) {
  const refuse = (what) =>
    function () {
      throw new Error(`unit tests are hermetic: ${what} is not allowed here (move the test to test/local or test/emulator/tests)`);
    };
  const childProcess = require('child_process');
  for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
    childProcess[name] = refuse(`child_process.${name}`);
  }
  const net = require('net');
  net.Server.prototype.listen = refuse('listening on a port');
  net.Socket.prototype.connect = refuse('opening a network connection');
  const dgram = require('dgram');
  dgram.createSocket = refuse('dgram.createSocket');
}
