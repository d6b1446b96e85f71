// mlx.nn in TypeScript: `import { nn } from 'mlx-node'` or `require('mlx-node/nn')`.
// So far: nn.Module, nn.valueAndGrad, the activation functions, nn.init, nn.losses and the layers
// (basic, activation classes, normalization, positional encodings, Upsample: ./layers/).
import { activations } from './activations';
import { init } from './init';
import { losses } from './losses';
import { Module, valueAndGrad } from './module';
import { activationLayers } from './layers/activations';
import { basicLayers } from './layers/basic';
import { normalizationLayers } from './layers/normalization';
import { positionalLayers } from './layers/positional';
import { upsampleLayers } from './layers/upsample';
// layers: convolution, pooling, recurrent, transformer, quantized
import { convolution } from './layers/convolution';
import { pooling } from './layers/pooling';
import { recurrent } from './layers/recurrent';
import { transformer } from './layers/transformer';
import { quantized } from './layers/quantized';

/** Python's `mlx.nn`: `nn.Module`, `nn.valueAndGrad`, activation functions, `nn.init` (initializers), `nn.losses` (loss functions). */
export const nn = Object.freeze({
  ...activations, init, losses, Module, valueAndGrad,
  ...basicLayers, ...activationLayers, ...normalizationLayers, ...positionalLayers, ...upsampleLayers,
  ...convolution, ...pooling, ...recurrent, ...transformer, ...quantized,
});
export type Nn = typeof nn;
export { init, losses, Module, valueAndGrad };
export type { Initializer, GainInitializer, FanInitializer } from './init';
export type { Reduction } from './losses';
export * from './layers/basic';
export * from './layers/activations';
export * from './layers/normalization';
export * from './layers/positional';
export * from './layers/upsample';
