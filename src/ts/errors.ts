import { native } from './native';

/** An operation MLX rejected (Python raises ValueError/RuntimeError for these). */
export class MLXError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MLXError';
  }
}
native.setErrorClass(MLXError);
