// File I/O and export: load/save (npy, npz, safetensors, GGUF), export_function/import_function: the parts written in TypeScript.
// `ioApi` is spread into the mx namespace by index.ts; named exports of this
// file are re-exported from the package.

/** @internal */
export const ioApi = {};
