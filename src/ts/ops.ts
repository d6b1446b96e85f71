// The op tables as JS functions and array methods. binder.ts builds them from
// the native tables; their types are generated (src/ts/generated/api.ts, by
// tools/gen_types.mjs), never written by hand.
import { functionsOf, installMethods } from './binder';
import type { MxArray, Scalar } from './array';
import type {
  ArrayMethods, CoreFunctions, CudaFunctions, FastFunctions, FftFunctions, LinalgFunctions, MetalFunctions,
  RandomFunctions,
} from './generated/api';

/** An mx.array or a JS scalar, where Python takes `scalar | array`. */
export type Operand = MxArray | Scalar;

installMethods();

/** Every function of each module's tables, typed by the generated interfaces. */
export const tableFunctions = {
  core: functionsOf('core') as unknown as CoreFunctions,
  random: functionsOf('random') as unknown as RandomFunctions,
  linalg: functionsOf('linalg') as unknown as LinalgFunctions,
  fft: functionsOf('fft') as unknown as FftFunctions,
  fast: functionsOf('fast') as unknown as FastFunctions,
  cuda: functionsOf('cuda') as unknown as CudaFunctions,
  metal: functionsOf('metal') as unknown as MetalFunctions,
};

// The methods installed above, and the properties index.ts defines.
declare module './array' {
  interface MxArray extends ArrayMethods {
    /** The transpose (Python's `a.T`). */
    readonly T: MxArray;
    /** The transpose of the last two axes (Python's `a.mT`). */
    readonly mT: MxArray;
    /** The real part (Python's `a.real`). */
    readonly real: MxArray;
    /** The imaginary part (Python's `a.imag`). */
    readonly imag: MxArray;
    /** Python's `iter(a)`: the rows along the first axis. */
    [Symbol.iterator](): Iterator<MxArray>;
  }
}
