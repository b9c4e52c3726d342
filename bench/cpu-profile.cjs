// Preloaded into the Functions host by bench/overhead-probe.ts (NODE_OPTIONS=--require): profiles the process until
// it exits and writes a .cpuprofile into CPU_PROF_DIR. Node 20 refuses --cpu-prof in NODE_OPTIONS.
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');
const dir = process.env.CPU_PROF_DIR;
const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 500 });
session.post('Profiler.start');
process.on('exit', () => {
  session.post('Profiler.stop', (error, result) => {
    if (error) return;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `host-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
});
