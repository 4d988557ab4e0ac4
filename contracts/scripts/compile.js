#!/usr/bin/env node
// Compiles the Solidity sources of one directory with the pinned solc-js through standard-JSON
// input (solc-js's command line has no --evm-version) and writes, per contract defined in that
// directory, <Name>.abi, <Name>.bin (creation code) and <Name>.bin-runtime into the output
// directory, plus combined.json with everything.
//
//   node scripts/compile.js --sources src/main/solidity --out target/solidity/main
//   node scripts/compile.js --sources src/test/solidity --include src/main/solidity --out target/solidity/test
//
// Imports resolve against the --include directories and node_modules (@openzeppelin/...,
// @chainlink/...). The run is skipped when a stamp of every input (sources, settings, compiler
// version) matches the last run, so repeated builds are fast.
'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const SOLC_VERSION = '0.8.30';
const SETTINGS = {
  evmVersion: 'shanghai', // Ganache 7.9 knows no Cancun opcodes (mcopy, tstore...)
  optimizer: { enabled: true, runs: 200 },
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
};

function parseArgs(argv) {
  const args = { sources: null, out: null, include: [] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--sources') args.sources = value;
    else if (flag === '--out') args.out = value;
    else if (flag === '--include') args.include.push(value);
    else fail(`unknown argument ${flag}`);
    i++;
  }
  if (!args.sources || !args.out) fail('usage: compile.js --sources DIR --out DIR [--include DIR]...');
  return args;
}

function fail(message) {
  console.error(`compile.js: ${message}`);
  process.exit(2);
}

function listSolidity(dir) {
  if (!fs.existsSync(dir)) return [];
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...listSolidity(full));
    else if (entry.name.endsWith('.sol')) found.push(full);
  }
  return found.sort();
}

const moduleRoot = path.resolve(__dirname, '..');
const args = parseArgs(process.argv.slice(2));
const sourceDir = path.resolve(moduleRoot, args.sources);
const includeDirs = args.include.map((d) => path.resolve(moduleRoot, d));
const outDir = path.resolve(moduleRoot, args.out);
const nodeModules = path.join(moduleRoot, 'node_modules');

const ownFiles = listSolidity(sourceDir);
if (ownFiles.length === 0) {
  console.log(`compile.js: no Solidity sources in ${args.sources}`);
  process.exit(0);
}

// Source unit names: relative to their root, so that imports like "../VRFConsumerBase.sol" and
// "@openzeppelin/contracts/..." both resolve.
const roots = [sourceDir, ...includeDirs];
function unitName(file) {
  for (const root of roots) {
    if (file.startsWith(root + path.sep)) return path.relative(root, file).split(path.sep).join('/');
  }
  return file;
}

function findImport(name) {
  const candidates = [...roots.map((r) => path.join(r, name)), path.join(nodeModules, name)];
  for (const candidate of candidates) {
    if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, 'utf8') };
  }
  return { error: `import not found: ${name}` };
}

const sources = {};
for (const file of ownFiles) sources[unitName(file)] = { content: fs.readFileSync(file, 'utf8') };

// Stamp: every file that can influence the output (own sources, include dirs, the lock file
// that pins the compiler and libraries) plus the settings.
const stamp = crypto.createHash('sha256');
stamp.update(JSON.stringify({ SOLC_VERSION, SETTINGS }));
for (const file of [...ownFiles, ...includeDirs.flatMap(listSolidity), path.join(moduleRoot, 'package-lock.json')]) {
  stamp.update(file);
  stamp.update(fs.readFileSync(file));
}
const stampValue = stamp.digest('hex');
const stampFile = path.join(outDir, '.inputs-sha256');
if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stampValue) {
  console.log(`compile.js: ${args.out} is up to date`);
  process.exit(0);
}

const solc = require('solc');
if (!solc.version().startsWith(SOLC_VERSION + '+')) {
  fail(`solc ${SOLC_VERSION} is pinned but ${solc.version()} is installed; run npm ci`);
}

const input = { language: 'Solidity', sources, settings: SETTINGS };
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport }));

let failed = false;
for (const diagnostic of output.errors || []) {
  const text = diagnostic.formattedMessage || diagnostic.message;
  if (diagnostic.severity === 'error') {
    failed = true;
    console.error(text);
  } else if (!/SPDX|Unnamed return variable/.test(text)) {
    console.warn(text);
  }
}
if (failed) fail('compilation failed');

fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
const written = [];
for (const unit of Object.keys(sources)) {
  for (const [name, contract] of Object.entries(output.contracts[unit] || {})) {
    const bytecode = contract.evm.bytecode.object;
    // Interfaces and abstract contracts have no code, internal libraries no ABI: nothing to wrap.
    if (bytecode.length === 0 || contract.abi.length === 0) continue;
    fs.writeFileSync(path.join(outDir, `${name}.abi`), JSON.stringify(contract.abi));
    fs.writeFileSync(path.join(outDir, `${name}.bin`), bytecode);
    fs.writeFileSync(path.join(outDir, `${name}.bin-runtime`), contract.evm.deployedBytecode.object);
    written.push({ name, unit, runtimeBytes: contract.evm.deployedBytecode.object.length / 2 });
  }
}
fs.writeFileSync(path.join(outDir, 'combined.json'), JSON.stringify({ compiler: solc.version(), settings: SETTINGS, contracts: output.contracts }));
for (const w of written) {
  // EIP-170: deployed code above 24,576 bytes cannot be deployed on a real chain.
  if (w.runtimeBytes > 24576) fail(`${w.name} runtime code is ${w.runtimeBytes} bytes, above the EIP-170 limit`);
}
fs.writeFileSync(stampFile, stampValue);
console.log(`compile.js: solc ${solc.version()} compiled ${written.map((w) => `${w.name} (${w.runtimeBytes} B)`).join(', ')} into ${args.out}`);
