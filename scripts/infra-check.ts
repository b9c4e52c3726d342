/**
 * `npm run infra:check`: compiles and lints the Bicep in infra/ with the pinned compiler, and fails on any
 * diagnostic (every analyzer rule is an error in bicepconfig.json; the compiler's own warnings, such as a property
 * the resource type does not have, fail too). Then it proves the check bites: a fixture with a misspelled property
 * must be reported. Last, it compares the deployment snapshots in test/fixtures/bicep (what the template deploys for
 * given parameters, evaluated offline by `bicep snapshot`) with the template; the unit tests read those snapshots.
 *
 * The compiler: `Azure.Bicep.CommandLine.<rid>` 0.49.2 restored from NuGet through `dotnet restore
 * infra/tools/bicep.csproj`, else `bicep` on PATH (or BICEP_PATH), else the one `az bicep install` puts in ~/.azure/bin.
 *
 * `npm run infra:check -- --update` rewrites the compiled template and the snapshots after an intended change.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const BICEP_VERSION = '0.49.2';
const MAIN = 'infra/main.bicep';
const WRONG_PROPERTY_FIXTURE = 'test/fixtures/bicep/wrong-property.bicep';
const SNAPSHOT_DIR = 'test/fixtures/bicep';
const COMPILED = 'test/fixtures/bicep/main.json';
// Fixed deployment context of the snapshots, so they are the same on every machine.
const SNAPSHOT_CONTEXT = [
  '--subscription-id',
  '55555555-5555-5555-5555-555555555555',
  '--tenant-id',
  '66666666-6666-6666-6666-666666666666',
  '--location',
  'francecentral',
];

const DIAGNOSTIC = /^(.+)\((\d+),(\d+)\) : (Error|Warning|Info) ([\w-]+): (.*)$/;

interface Diagnostic {
  file: string;
  line: number;
  level: string;
  code: string;
  message: string;
}

interface Run {
  status: number;
  output: string;
  diagnostics: Diagnostic[];
}

function runtimeId(): string {
  const os = { linux: 'linux', darwin: 'osx', win32: 'win' }[process.platform as string];
  const arch = { x64: 'x64', arm64: 'arm64' }[process.arch as string];
  if (!os || !arch) throw new Error(`No Bicep package for ${process.platform}-${process.arch}: put bicep on PATH.`);
  return `${os}-${arch}`;
}

function commandWorks(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return result.status === 0;
}

/** The pinned compiler, restored through dotnet into the NuGet global packages folder. */
function restoredBicep(): string | undefined {
  if (!commandWorks('dotnet', ['--version'])) return undefined;
  const rid = runtimeId();
  execFileSync(
    'dotnet',
    ['restore', path.join(root, 'infra/tools/bicep.csproj'), `-p:BicepRuntimeId=${rid}`, '--verbosity', 'quiet'],
    { stdio: 'inherit' },
  );
  const locals = execFileSync('dotnet', ['nuget', 'locals', 'global-packages', '--list'], { encoding: 'utf8' });
  const folder = /global-packages:\s*(.+)$/m.exec(locals)?.[1]?.trim();
  if (!folder) throw new Error(`Cannot read the NuGet global packages folder from: ${locals}`);
  const executable = process.platform === 'win32' ? 'bicep.exe' : 'bicep';
  const bicep = path.join(folder, `azure.bicep.commandline.${rid}`, BICEP_VERSION, 'tools', executable);
  if (!existsSync(bicep)) throw new Error(`dotnet restore did not produce ${bicep}`);
  if (process.platform !== 'win32') chmodSync(bicep, 0o755); // NuGet extraction does not keep the execute bit.
  return bicep;
}

function findBicep(): string {
  const restored = restoredBicep();
  if (restored) return restored;
  const candidates = [process.env.BICEP_PATH, 'bicep', path.join(homedir(), '.azure/bin/bicep')];
  for (const candidate of candidates) {
    if (candidate && commandWorks(candidate, ['--version'])) return candidate;
  }
  throw new Error('No Bicep compiler: install the .NET SDK (dotnet) or put bicep on PATH (az bicep install).');
}

function bicep(compiler: string, args: string[]): Run {
  const result = spawnSync(compiler, args, { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  const diagnostics: Diagnostic[] = [];
  for (const line of output.split('\n')) {
    const match = DIAGNOSTIC.exec(line.trim());
    if (match) {
      diagnostics.push({
        file: path.relative(root, match[1] as string),
        line: Number(match[2]),
        level: match[4] as string,
        code: match[5] as string,
        message: match[6] as string,
      });
    }
  }
  return { status: result.status ?? 1, output, diagnostics };
}

const failures: string[] = [];

function step(title: string, check: () => string[]): void {
  const started = Date.now();
  const problems = check();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (problems.length === 0) {
    console.log(`ok    ${title} (${seconds} s)`);
  } else {
    console.log(`FAIL  ${title} (${seconds} s)`);
    for (const problem of problems) console.log(`      ${problem}`);
    failures.push(title);
  }
}

function describe(d: Diagnostic): string {
  return `${d.file}:${d.line} ${d.level} ${d.code}: ${d.message}`;
}

/** A clean run: exit 0 and no diagnostic of any level. */
function clean(run: Run): string[] {
  const problems = run.diagnostics.map(describe);
  if (run.status !== 0 && problems.length === 0) problems.push(run.output.trim() || `exit code ${run.status}`);
  return problems;
}

const update = process.argv.includes('--update');
const compiler = findBicep();
const version = bicep(compiler, ['--version']).output.trim();
console.log(`Bicep: ${compiler} — ${version}`);
if (!version.includes(BICEP_VERSION)) {
  console.log(`note  not the pinned ${BICEP_VERSION}: snapshots may differ`);
}

let compiled = '';
/** Files this run wrote, laid out by the formatter (biome) at the end so `npm run lint` accepts them. */
const written: string[] = [];
step(`bicep build ${MAIN}`, () => {
  const run = bicep(compiler, ['build', MAIN, '--stdout']);
  if (run.status === 0) compiled = run.output.slice(run.output.indexOf('{'));
  return clean(run);
});

// The ARM JSON as compiled, kept beside the snapshots: the tests read what Azure is given, not the Bicep text.
const compiledMode = update || !existsSync(path.join(root, COMPILED)) ? 'overwrite' : 'validate';
step(`compiled template ${compiledMode === 'overwrite' ? 'written' : 'up to date'}: ${COMPILED}`, () => {
  if (!compiled) return ['nothing compiled'];
  const template = JSON.parse(compiled) as unknown;
  if (compiledMode === 'overwrite') {
    writeFileSync(path.join(root, COMPILED), `${JSON.stringify(template, null, 2)}\n`);
    written.push(COMPILED);
    return [];
  }
  // Compared as JSON, as `bicep snapshot --mode validate` compares the snapshots: the formatter may lay it out.
  return isDeepStrictEqual(JSON.parse(readFileSync(path.join(root, COMPILED), 'utf8')), template)
    ? []
    : [`${COMPILED} differs from the template. Intended? Run \`npm run infra:check -- --update\` and commit it.`];
});
step(`bicep lint ${MAIN} (modules included)`, () => clean(bicep(compiler, ['lint', MAIN])));

step(`a misspelled property fails the check (${WRONG_PROPERTY_FIXTURE})`, () => {
  const run = bicep(compiler, ['build', WRONG_PROPERTY_FIXTURE, '--stdout']);
  const reported = run.diagnostics.some((d) => d.code === 'BCP089' && d.message.includes('allowBlobPublicAcess'));
  return reported ? [] : ['the compiler did not report the misspelled property allowBlobPublicAcess', ...clean(run)];
});

const parameterFiles = readdirSync(path.join(root, SNAPSHOT_DIR))
  .filter((f) => f.endsWith('.bicepparam'))
  .sort();
for (const file of parameterFiles) {
  const parameters = `${SNAPSHOT_DIR}/${file}`;
  const snapshot = parameters.replace(/\.bicepparam$/, '.snapshot.json');
  const mode = update || !existsSync(path.join(root, snapshot)) ? 'overwrite' : 'validate';
  step(`snapshot ${mode === 'overwrite' ? 'written' : 'up to date'}: ${snapshot}`, () => {
    const run = bicep(compiler, ['snapshot', parameters, '--mode', mode, ...SNAPSHOT_CONTEXT]);
    const problems = clean(run);
    if (run.status !== 0 && mode === 'validate') {
      problems.push(run.output.trim(), 'Intended? Run `npm run infra:check -- --update` and commit the snapshot.');
    }
    if (mode === 'overwrite' && problems.length === 0) {
      // The formatter (biome) wants a final newline; `bicep snapshot --mode validate` compares the JSON, not bytes.
      const file = path.join(root, snapshot);
      if (!readFileSync(file, 'utf8').endsWith('\n')) appendFileSync(file, '\n');
      written.push(snapshot);
    }
    return problems;
  });
}

if (written.length > 0) {
  step('written files formatted (biome format)', () => {
    const biome = path.join(root, 'node_modules/.bin/biome');
    const run = spawnSync(biome, ['format', '--write', ...written], { cwd: root, encoding: 'utf8' });
    return run.status === 0 ? [] : [`${run.stdout ?? ''}${run.stderr ?? ''}`.trim()];
  });
}

if (failures.length > 0) {
  console.log(`infra:check failed: ${failures.length} step(s).`);
  process.exit(1);
}
console.log('infra:check passed.');
