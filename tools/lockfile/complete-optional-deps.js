#!/usr/bin/env node
/**
 * `npm install` leaves out of package-lock.json the optional platform packages (other OS/CPU
 * builds of @swc/core, nx, …) that the registry it reached did not serve; `npm ci` then refuses the
 * lockfile as out of sync. This adds an entry for each one, with the os/cpu/libc its name states,
 * so `npm ci` knows it and skips it on other platforms without fetching it.
 * Run after changing dependencies: node tools/lockfile/complete-optional-deps.js
 */
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const lockPath = join(__dirname, '../../package-lock.json');
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const packages = lock.packages;

const OS = ['darwin', 'win32', 'freebsd', 'android', 'linux', 'openharmony', 'netbsd', 'openbsd', 'sunos', 'aix'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64'];

function platformOf(name) {
  const base = name.split('/').pop();
  const parts = base.split(/[-_]/);
  const entry = {};
  const os = OS.find((o) => parts.includes(o));
  if (os) entry.os = [os];
  const cpu = CPU.find((c) => parts.includes(c));
  if (cpu) entry.cpu = [cpu];
  if (os === 'linux') entry.libc = [parts.some((p) => p.startsWith('musl')) ? 'musl' : 'glibc'];
  return entry;
}

/** Where node would find `name` from the package at `from` (nested folders first). */
function resolves(from, name) {
  for (let dir = from; ; dir = dir.slice(0, dir.lastIndexOf('/node_modules/'))) {
    if (packages[`${dir ? `${dir}/` : ''}node_modules/${name}`]) return true;
    if (!dir.includes('/node_modules/')) return Boolean(packages[`node_modules/${name}`]);
  }
}

let added = 0;
for (const [path, meta] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    if (resolves(path, name)) continue;
    packages[`node_modules/${name}`] = { version, ...(meta.dev && { dev: true }), optional: true, ...platformOf(name) };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} optional platform package entr${added === 1 ? 'y' : 'ies'}`);
