// JS <-> MLX value conversion, written once for every op.
// The number rules are docs/numbers-and-dtypes.md's: an integer-valued finite number is a
// Python int (int32, or int64 beyond int32), other numbers are floats
// (float32), booleans are bool, bigints int64 (uint64 where only that fits).
#pragma once

#include "array_handle.h"

#include <optional>
#include <vector>

namespace mlxnode {

// "[2, 0, 3]": a shape in messages.
inline std::string shape_text(const mx::Shape& shape) {
  std::string out = "[";
  for (size_t i = 0; i < shape.size(); i++) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + "]";
}

int dtype_code(mx::Dtype d);
mx::Dtype dtype_from_code(int code);  // throws TypeError on a bad code

// A Python scalar read from a JS value.
struct Scalar {
  enum Kind { Bool, Int, Float, Complex } kind;
  bool b = false;
  int64_t i = 0;
  uint64_t u = 0;      // for bigints that fit only uint64
  bool is_u64 = false;
  bool big = false;    // came from a bigint: int64 by default
  double f = 0;        // a float; the real part of a complex
  double im = 0;       // the imaginary part of a complex
};
// True (and fills `out`) when `v` is a JS scalar: boolean, number, bigint, or
// a complex `{ re, im }` (a plain object with exactly those two number keys).
// An integer-valued number beyond Number.isSafeInteger is a float, as JS
// cannot hold it exactly (a bigint is the exact way to write one).
bool read_scalar(napi_env env, napi_value v, Scalar& out, const char* what);

// Python's to_array: a scalar becomes an array of its natural dtype, or of
// `weak` (the other operand's dtype) when given; overflow of a small int type
// is an error as in Python ("Converting 300 to uint8 would result in overflow").
mx::array scalar_to_array(const Scalar& s, std::optional<mx::Dtype> weak);

// mx.array(value, dtype): scalars, nested JS arrays (of scalars or arrays),
// typed arrays and mx.arrays.
mx::array array_from_js(napi_env env, napi_value v, std::optional<mx::Dtype> dtype,
                        const char* what);

// Data out. Each evaluates first (on this thread, like Python).
napi_value item_to_js(napi_env env, mx::array a);
napi_value tolist_to_js(napi_env env, mx::array a);
// view: 0 copies into a new ArrayBuffer; 1 gives a view over the evaluated,
// row-contiguous array's own memory (an external ArrayBuffer holding a copy of
// the mx::array until it is collected), copying where the runtime forbids
// external buffers; 2 (tests) takes that copying fallback as if forbidden.
napi_value to_typed_array(napi_env env, mx::array a, bool raw_bits, int view = 0);

}  // namespace mlxnode
