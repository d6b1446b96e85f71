// Indexing: a[items] (index), a[items] = v (indexPut_), a.at[items] updates: the parts written in TypeScript.
// `indexingApi` is spread into the mx namespace by index.ts; named exports of this
// file are re-exported from the package.

/** @internal */
export const indexingApi = {};
