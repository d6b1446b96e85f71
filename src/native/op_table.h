// The declarative op mechanism. Each MLX module is one table of OpDefs:
//   {"sum", "a, /, axis=None, keepdims=False, *, stream=None", kMethod,
//    [](Call& c) { return c.ret(mx::sum(c.arr(0), ...)); }}
// The signature is Python's, copied from the mlx 0.32.4 stubs. It is parsed
// once per environment and drives (1) the JS argument binder (positional,
// keyword object, camelCase names, rest parameters), (2) the C++ accessors'
// defaults and error messages, and (3) the parity report, which reads the
// same table from a running Node process.
#pragma once

#include "convert.h"

#include <string>
#include <vector>

namespace mlxnode {

class Call;
using Impl = napi_value (*)(Call&);

enum OpFlags : unsigned {
  kFunction = 1,  // exported as a module function
  kMethod = 2,    // also an mx.array method, with the array as first argument
  kReturnsList = 4,   // returns a list (or tree) of arrays
  kReturnsValue = 8,  // returns a plain JS value (no array wrapping)
  kReturnsDevice = 16,  // returns a device descriptor (JS makes an mx.Device)
  kReturnsStream = 32,  // returns a stream descriptor (JS makes an mx.Stream)
};

std::string camel_case(const std::string& python_name);

struct OpDef {
  const char* name;       // Python name (snake_case)
  const char* signature;  // Python signature, without `self`
  unsigned flags;
  Impl impl;
};

enum class ParamKind { PositionalOnly, PositionalOrKeyword, KeywordOnly, VarPositional };

struct Default {
  enum Kind { Required, None, Bool, Number, Dtype, EmptyList, String } kind = Required;
  double number = 0;
  bool boolean = false;
  int dtype = 0;
  std::string string;
};

struct Param {
  std::string name, js_name;
  ParamKind kind;
  Default def;
};

struct Env;

struct OpSpec {
  const OpDef* def;
  Env* env_state;       // the environment this parsed table belongs to
  std::string module;   // "core", "random", "array" (method-only entries)
  std::string js_name;  // camelCase
  std::string label;    // "mx.sum", for messages
  std::vector<Param> params;
};

// Parses a table (once per environment) and returns the JS description the
// binder uses: [{name, jsName, signature, method, params: [...], fn}, ...],
// appended to `list` when given (a module made of several tables).
napi_value export_table(napi_env env, const char* module, const OpDef* defs, size_t n, napi_value list = nullptr);

// One op invocation. From JS (binder.ts) every table function is called as
//   fn(owner, mask, arg0, arg1, ...)
// where argument i is the value for params[i] (the binder has already placed
// keyword arguments and packed rest parameters), bit i of `mask` says that
// argument i is an array handle (the `_i` of an mx.array) rather than a JS
// value, bit 16 + i that it is an mx.Dtype (passed as its code), bit 32 + i
// that it is an mx.Stream/Device/DeviceType (its code, device.ts), bit
// 48 + i (i < 5) that it is a JS list of small integers the binder wrote into
// the environment's scratch Int32Array (the argument is offset | length << 16:
// reading a list element by element through Node-API costs ~50 ns each), and
// `owner` is the JS object that will hold a single array result
// (it gets the finalizer), or undefined when the result needs none (inside
// mx.tidy, list results, plain values).
class Call {
 public:
  static constexpr size_t kMaxArgs = 16;
  static constexpr unsigned kDtypeBit = 16;
  static constexpr unsigned kStreamBit = 32;
  static constexpr unsigned kIntListBit = 48;     // 5 bits: a double holds 53
  static constexpr size_t kMaxIntListArg = 5;
  static constexpr size_t kArgIntsOffset = 64;    // where lists start in the scratch (shapes out below)
  Call(napi_env env, napi_callback_info info);

  napi_env env;
  const OpSpec* spec;

  // The JS value of param i, or nullptr when it was not given (undefined).
  // An mx.array there is a TypeError: raw values are for non-array params.
  napi_value raw(size_t i) {
    if (is_coded(i)) not_a_value(i);
    return i < argc_ && js_type(i) != napi_undefined ? argv_[i] : nullptr;
  }
  // The JS type of argument i (napi_undefined when not given).
  napi_valuetype js_type(size_t i) {
    if (i >= argc_) return napi_undefined;
    if (types_[i] == kUnknownType) types_[i] = type_of(env, argv_[i]);
    return types_[i];
  }
  bool given(size_t i) { return i < argc_ && (is_coded(i) || js_type(i) != napi_undefined); }
  // Whether argument i came as an array handle / as a dtype code (see above).
  bool is_handle(size_t i) const { return i < argc_ && (mask_ >> i) & 1; }
  bool is_dtype_code(size_t i) const { return i < argc_ && (mask_ >> (kDtypeBit + i)) & 1; }
  bool is_stream_code(size_t i) const { return i < argc_ && (mask_ >> (kStreamBit + i)) & 1; }
  bool is_int_list(size_t i) const { return i < kMaxIntListArg && i < argc_ && (mask_ >> (kIntListBit + i)) & 1; }
  bool is_coded(size_t i) const { return is_handle(i) || is_dtype_code(i) || is_stream_code(i) || is_int_list(i); }
  // Not given, or given as null (Python None).
  bool none(size_t i);

  mx::array arr(size_t i);                 // strictly an mx.array
  mx::array arr_or_scalar(size_t i, std::optional<mx::Dtype> weak = std::nullopt);
  std::pair<mx::array, mx::array> weak_pair(size_t i, size_t j);  // Python's to_arrays
  std::optional<std::vector<int>> axes(size_t i);                 // None | int | sequence
  std::vector<int> int_list(size_t i);
  // A JS array of mx.arrays (Python's list/tuple of arrays); with
  // `scalars`, JS scalars among them become arrays as Python's to_array does.
  std::vector<mx::array> arrays(size_t i, bool scalars = false);
  std::optional<int> opt_integer(size_t i);  // None -> nullopt
  std::optional<mx::array> opt_arr(size_t i);  // None -> nullopt, else strictly an mx.array
  std::optional<bool> opt_boolean(size_t i);
  mx::Shape shape(size_t i);           // int or sequence of ints
  mx::Shape shape_sequence(size_t i);  // a sequence of ints only (Python's Sequence[int])
  // The same conversions for a value other than the argument itself (an
  // element of a rest parameter); `i` names the parameter in errors.
  std::vector<int> int_list_of(napi_value v, size_t i);
  mx::Shape shape_of(napi_value v, size_t i);
  int integer(size_t i);
  double number(size_t i);
  bool boolean(size_t i);
  std::string string(size_t i);
  std::optional<mx::Dtype> dtype(size_t i);
  mx::StreamOrDevice stream(size_t i);  // None | Stream | Device | DeviceType
  // A Stream, Device or DeviceType argument (never None).
  mx::StreamOrDevice stream_or_device_arg(size_t i);

  napi_value ret(mx::array a);               // the handle, owned by `owner`
  // A list of arrays: -(n + 1) with the n handles in scratch[0..n) (n <= 64),
  // else a JS array of handles; the JS side (adoptTree) wraps and adopts them.
  napi_value ret(std::vector<mx::array> v);
  [[noreturn]] void type_error(size_t i, const std::string& expected);

 private:
  static constexpr napi_valuetype kUnknownType = static_cast<napi_valuetype>(-1);
  const Param& param(size_t i) const;
  [[noreturn]] void missing(size_t i);
  [[noreturn]] void not_a_value(size_t i);
  const char* coded_kind(size_t i) const;
  mx::array handle_arg(size_t i);  // argument i, known to be a handle
  std::vector<int> coded_ints(size_t i);  // argument i, known to be an integer-list code
  mx::array* object_arg(size_t i);  // argument i as an mx.array object (direct native calls), or nullptr
  size_t argc_ = 0;
  uint64_t mask_ = 0;
  napi_value owner_ = nullptr;
  napi_value argv_[kMaxArgs + 2];
  napi_valuetype types_[kMaxArgs + 2];
};

// Records a stream made by mx.newThreadLocalStream: only those are accepted
// back as ThreadLocalStream descriptors.
void register_thread_local_stream(const mx::ThreadLocalStream& s);

// Reads a JS Stream / Device / DeviceType object (its `_sd` descriptor).
mx::StreamOrDevice stream_or_device(napi_env env, napi_value v, const char* what);

// Module tables, each defined in its own file under src/native/ops/.
struct Table {
  const char* module;
  const OpDef* defs;
  size_t count;
};
extern const Table kCoreTable;
extern const Table kRandomTable;
extern const Table kArrayTable;
extern const Table kLinalgTable;
extern const Table kRuntimeTable;  // part of mlx.core
extern const Table kElementwiseTable;  // mlx.core, by family from here
extern const Table kReductionsTable;
extern const Table kStructureTable;
extern const Table kConvQuantTable;
extern const Table kFftTable;
extern const Table kFastTable;
extern const Table kIndexingTable;  // mlx.core
extern const Table kIoTable;        // mlx.core
extern const Table kTransformsTable;  // mlx.core
extern const Table kCudaTable;   // mx.cuda and mx.metal (runtime.cc)
extern const Table kMetalTable;

}  // namespace mlxnode
