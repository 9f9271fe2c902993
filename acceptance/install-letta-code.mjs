// Puts Letta's own CLI, letta-code, in node_modules/@letta-ai/letta-code for the `letta cron` acceptance test. Its npm package
// is one bundled script (letta.js) that needs only `ws` (a dependency here) for the commands the test runs; its
// other dependencies are native UI and image modules that `letta cron` never loads, so the published tarball is
// unpacked as it is (npm checks its integrity) instead of installed with all of them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSION = '0.32.18';
const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, 'node_modules', '@letta-ai', 'letta-code');

const installed = join(target, 'package.json');
if (existsSync(installed) && JSON.parse(readFileSync(installed, 'utf8')).version === VERSION) process.exit(0);

const download = mkdtempSync(join(tmpdir(), 'letta-code-'));
const tarball = execFileSync('npm', ['pack', `@letta-ai/letta-code@${VERSION}`, '--silent', '--pack-destination', download],
  { encoding: 'utf8' }).trim().split('\n').pop();
rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
execFileSync('tar', ['-xzf', join(download, tarball), '-C', target, '--strip-components=1']);
rmSync(download, { recursive: true, force: true });
console.log(`letta-code ${VERSION} in ${target}`);
