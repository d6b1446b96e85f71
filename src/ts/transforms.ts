// Function transforms: grad, value_and_grad, vjp, jvp, vmap, compile, custom_function, checkpoint, stop_gradient: the parts written in TypeScript.
// `transformsApi` is spread into the mx namespace by index.ts; named exports of this
// file are re-exported from the package.

/** @internal */
export const transformsApi = {};
