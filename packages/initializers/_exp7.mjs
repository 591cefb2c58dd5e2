const E = 16 << 20; const keep = [];
for (let r = 0; r < 2; r++) {
  const c = process.cpuUsage(); const t = performance.now();
  for (let i = 0; i < 8; i++) { const a = new Float32Array(new SharedArrayBuffer(E * 4)); a.fill(1); keep.push(a); }
  const d = process.cpuUsage(c);
  console.log("SAB touch", (performance.now() - t).toFixed(0), "ms, sys", (d.system / 1e3).toFixed(0), "user", (d.user/1e3).toFixed(0));
  const c2 = process.cpuUsage(); const t2 = performance.now();
  for (let i = 0; i < 8; i++) { const a = new Float32Array(E); a.fill(1); keep.push(a); }
  const d2 = process.cpuUsage(c2);
  console.log("AB touch ", (performance.now() - t2).toFixed(0), "ms, sys", (d2.system / 1e3).toFixed(0), "user", (d2.user/1e3).toFixed(0));
}
