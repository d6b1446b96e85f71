// A full garbage collection from inside mocha (which runs without --expose-gc): tests that
// compare native.liveArrays() before and after call it first, so that earlier tests' garbage,
// finalized by a collection in the middle of the test, does not change the count.
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

export function fullGc(): void {
  gc();
  gc();
}
