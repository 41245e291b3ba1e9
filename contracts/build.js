#!/usr/bin/env node
// Compiles AnonifyLedger.sol with the pinned solc-js (package.json) through
// standard JSON and writes build/AnonifyLedger.abi and build/AnonifyLedger.bin.
//
// Usage: node build.js [OUTDIR]   (OUTDIR defaults to ./build next to this file)
//
// The settings below are part of the reproducible build: the committed
// artifacts, the Go bindings and the gas figures all depend on them.
'use strict';

const fs = require('fs');
const path = require('path');
const solc = require('solc');

const PINNED = '0.8.37';
const CONTRACT = 'AnonifyLedger';
const SOURCE = CONTRACT + '.sol';

function main() {
  const version = solc.version();
  if (!version.startsWith(PINNED + '+')) {
    throw new Error(`solc ${version} is not the pinned ${PINNED}; run "npm ci" in contracts/`);
  }
  const outDir = path.resolve(process.argv[2] || path.join(__dirname, 'build'));
  const input = {
    language: 'Solidity',
    // The key is the source's name in the metadata hash appended to the
    // bytecode, so it must not depend on where the checkout lives.
    sources: { [SOURCE]: { content: fs.readFileSync(path.join(__dirname, SOURCE), 'utf8') } },
    settings: {
      // london: older permissioned chains (geth 1.13 Clique, Quorum) reject
      // PUSH0 and later opcodes.
      evmVersion: 'london',
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { [SOURCE]: { [CONTRACT]: ['abi', 'evm.bytecode.object'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (output.errors || []).filter((e) => e.severity === 'error');
  for (const e of output.errors || []) {
    process.stderr.write((e.formattedMessage || e.message) + '\n');
  }
  if (errors.length > 0) {
    throw new Error(`${errors.length} compilation error(s)`);
  }
  const compiled = output.contracts[SOURCE][CONTRACT];
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, CONTRACT + '.abi'), JSON.stringify(compiled.abi, null, 2) + '\n');
  fs.writeFileSync(path.join(outDir, CONTRACT + '.bin'), compiled.evm.bytecode.object + '\n');
  process.stdout.write(`compiled ${SOURCE} with solc ${version} into ${outDir}\n`);
}

try {
  main();
} catch (err) {
  process.stderr.write(`build.js: ${err.message}\n`);
  process.exit(1);
}
