// mlx.nn in TypeScript: `import { nn } from 'mlx-node'` or `require('mlx-node/nn')`.
// So far: nn.Module, nn.valueAndGrad, the activation functions, nn.init and nn.losses (the layers come later).
import { activations } from './activations';
import { init } from './init';
import { losses } from './losses';
import { Module, valueAndGrad } from './module';
// layers: convolution, pooling, upsampling, recurrent, transformer
import { convolution } from './layers/convolution';
import { pooling } from './layers/pooling';
import { upsample } from './layers/upsample';
import { recurrent } from './layers/recurrent';
import { transformer } from './layers/transformer';
import { quantized } from './layers/quantized';

/** Python's `mlx.nn`: `nn.Module`, `nn.valueAndGrad`, activation functions, `nn.init` (initializers), `nn.losses` (loss functions). */
export const nn = Object.freeze({
  ...activations, init, losses, Module, valueAndGrad,
  ...convolution, ...pooling, ...upsample, ...recurrent, ...transformer, ...quantized,
});
export type Nn = typeof nn;
export { init, losses, Module, valueAndGrad };
export type { Initializer, GainInitializer, FanInitializer } from './init';
export type { Reduction } from './losses';
