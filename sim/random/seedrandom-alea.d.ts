// seedrandom's Alea generator as its own module: the function `seedrandom.alea` is (the
// package's index.js requires it from this file). Imported alone, so that a start does not
// load seedrandom's six other generators and node:crypto (~8 ms of CPU, docs/performance.md).
declare module 'seedrandom/lib/alea.js' {
  import type seedrandom from 'seedrandom';
  const alea: seedrandom['alea'];
  export default alea;
}
