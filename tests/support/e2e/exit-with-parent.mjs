// Preloaded (`node --import`) into the processes the end-to-end suite spawns: exits when the test process that
// started it is gone (reparented), so a killed test run never leaves an app server behind. Test harness only.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(1);
}, 500).unref();
