// mlx.nn in TypeScript: `import { nn } from 'mlx-node'` or `require('mlx-node/nn')`.
// So far: the activation functions, nn.init and nn.losses (layers and Module come later).
import { activations } from './activations';
import { init } from './init';
import { losses } from './losses';

/** Python's `mlx.nn`: activation functions, `nn.init` (initializers), `nn.losses` (loss functions). */
export const nn = Object.freeze({ ...activations, init, losses });
export type Nn = typeof nn;
export { init, losses };
export type { Initializer, GainInitializer, FanInitializer } from './init';
export type { Reduction } from './losses';
