#!/usr/bin/env node
// Runs `npm ci` only when node_modules does not match package-lock.json (a stamp of the lock
// file's hash is kept in node_modules), so repeated Maven builds are fast and work offline.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { spawnSync } = require('child_process');

const moduleRoot = path.resolve(__dirname, '..');
const lock = path.join(moduleRoot, 'package-lock.json');
const stamp = path.join(moduleRoot, 'node_modules', '.coracle-lock-sha256');
const want = crypto.createHash('sha256').update(fs.readFileSync(lock)).digest('hex');

if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === want) {
  console.log('npm-install.js: node_modules matches package-lock.json');
  process.exit(0);
}
const npm = process.env.NPM || (process.platform === 'win32' ? 'npm.cmd' : 'npm');
console.log('npm-install.js: running npm ci (node_modules missing or out of date)');
const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: moduleRoot, stdio: 'inherit' });
if (result.error) {
  console.error(`npm-install.js: cannot run ${npm}: ${result.error.message}`);
  process.exit(1);
}
if (result.status !== 0) process.exit(result.status);
fs.writeFileSync(stamp, want);
