// `import { optimizers } from 'mlx-node'` (also 'mlx-node/optimizers'): Python's mlx.optimizers.
export {
  Optimizer, SGD, RMSprop, Adagrad, AdaDelta, Adam, AdamW, Adamax, Lion, Adafactor, Muon, MultiOptimizer, clipGradNorm,
} from './optimizers';
export type {
  Schedule, LearningRate, Tree, OptimizerState, Updatable, ParameterFilter, SGDOptions, RMSpropOptions, AdagradOptions,
  AdaDeltaOptions, AdamOptions, AdamWOptions, AdamaxOptions, LionOptions, AdafactorOptions, MuonOptions,
} from './optimizers';
export { exponentialDecay, stepDecay, cosineDecay, joinSchedules, linearSchedule } from './schedulers';
