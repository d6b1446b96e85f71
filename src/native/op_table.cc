#include "op_table.h"

#include "env.h"

#include <cmath>
#include <mutex>
#include <set>
#include <limits>

namespace mlxnode {

// ---- signatures ------------------------------------------------------------

static const char* kDtypeNames[] = {"bool_",   "uint8",   "uint16",  "uint32",   "uint64",
                                    "int8",    "int16",   "int32",   "int64",    "float16",
                                    "float32", "float64", "bfloat16", "complex64"};

std::string camel_case(const std::string& py) {
  std::string out;
  bool upper = false;
  for (char ch : py) {
    if (ch == '_') {
      upper = !out.empty();
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(ch))) : ch;
    upper = false;
  }
  return out;
}

static std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

static Default parse_default(const std::string& text, const char* sig) {
  Default d;
  if (text == "None") d.kind = Default::None;
  else if (text == "True" || text == "False") {
    d.kind = Default::Bool;
    d.boolean = text == "True";
  } else if (text == "[]") {
    d.kind = Default::EmptyList;
  } else if (text.size() >= 2 && (text[0] == '\'' || text[0] == '"') && text.back() == text[0]) {
    d.kind = Default::String;
    d.string = text.substr(1, text.size() - 2);
  }
  else {
    for (int i = 0; i < static_cast<int>(std::size(kDtypeNames)); i++)
      if (text == kDtypeNames[i]) {
        d.kind = Default::Dtype;
        d.dtype = i;
        return d;
      }
    char* end = nullptr;
    d.number = std::strtod(text.c_str(), &end);
    if (!end || *end) throw std::logic_error(std::string("bad default '") + text + "' in " + sig);
    d.kind = Default::Number;
  }
  return d;
}

static std::vector<Param> parse_signature(const char* sig) {
  std::vector<Param> params;
  std::string s(sig);
  bool keyword_only = false;
  size_t start = 0;
  int depth = 0;
  for (size_t i = 0; i <= s.size(); i++) {
    if (i < s.size() && (s[i] == '[' || s[i] == '(')) depth++;
    if (i < s.size() && (s[i] == ']' || s[i] == ')')) depth--;
    if (i < s.size() && (s[i] != ',' || depth > 0)) continue;
    std::string tok = trim(s.substr(start, i - start));
    start = i + 1;
    if (tok.empty()) continue;
    if (tok == "/") {
      for (auto& p : params) p.kind = ParamKind::PositionalOnly;
      continue;
    }
    if (tok == "*") {
      keyword_only = true;
      continue;
    }
    Param p;
    if (tok[0] == '*') {
      p.name = tok.substr(1);
      p.kind = ParamKind::VarPositional;
      p.def.kind = Default::None;
      keyword_only = true;
    } else {
      size_t eq = tok.find('=');
      p.name = trim(tok.substr(0, eq));
      if (eq != std::string::npos) p.def = parse_default(trim(tok.substr(eq + 1)), sig);
      p.kind = keyword_only ? ParamKind::KeywordOnly : ParamKind::PositionalOrKeyword;
    }
    p.js_name = camel_case(p.name);
    params.push_back(p);
  }
  if (params.size() > Call::kMaxArgs) throw std::logic_error(std::string("too many params: ") + sig);
  return params;
}

static const char* kind_name(ParamKind k) {
  switch (k) {
    case ParamKind::PositionalOnly: return "positional_only";
    case ParamKind::PositionalOrKeyword: return "positional_or_keyword";
    case ParamKind::KeywordOnly: return "keyword_only";
    case ParamKind::VarPositional: return "var_positional";
  }
  return "?";
}

static napi_value op_trampoline(napi_env env, napi_callback_info info) {
  Call c(env, info);
  return c.spec->def->impl(c);
}

static void set(napi_env env, napi_value o, const char* k, napi_value v) {
  NAPI_OK(napi_set_named_property(env, o, k, v));
}

napi_value export_table(napi_env env, const char* module, const OpDef* defs, size_t n, napi_value list) {
  Env* e = Env::get(env);
  uint32_t base = 0;
  if (list) base = array_length(env, list);
  else NAPI_OK(napi_create_array_with_length(env, n, &list));
  for (size_t k = 0; k < n; k++) {
    auto* spec = new OpSpec{&defs[k], e, module, camel_case(defs[k].name), "", parse_signature(defs[k].signature)};
    spec->label = (std::string(module) == "array" ? "array." : std::string(module) == "core" ? "mx." : "mx." + std::string(module) + ".") + spec->js_name;
    e->ops.push_back(spec);

    napi_value o, fn, params;
    NAPI_OK(napi_create_object(env, &o));
    set(env, o, "name", js_string(env, defs[k].name));
    set(env, o, "jsName", js_string(env, spec->js_name));
    set(env, o, "label", js_string(env, spec->label));
    set(env, o, "signature", js_string(env, defs[k].signature));
    set(env, o, "function", js_bool(env, defs[k].flags & kFunction));
    set(env, o, "method", js_bool(env, defs[k].flags & kMethod));
    const char* returns = defs[k].flags & kReturnsList     ? "list"
                          : defs[k].flags & kReturnsValue  ? "value"
                          : defs[k].flags & kReturnsDevice ? "device"
                          : defs[k].flags & kReturnsStream ? "stream"
                                                           : "array";
    set(env, o, "returns", js_string(env, returns));
    NAPI_OK(napi_create_array_with_length(env, spec->params.size(), &params));
    for (size_t i = 0; i < spec->params.size(); i++) {
      const Param& p = spec->params[i];
      napi_value po;
      NAPI_OK(napi_create_object(env, &po));
      set(env, po, "name", js_string(env, p.name));
      set(env, po, "jsName", js_string(env, p.js_name));
      set(env, po, "kind", js_string(env, kind_name(p.kind)));
      set(env, po, "required", js_bool(env, p.def.kind == Default::Required));
      // Parameters that take a sequence of ints (shapes, axes): the binder
      // passes a JS list of small integers through the scratch (Call::coded_ints).
      set(env, po, "intList", js_bool(env, p.name == "shape" || p.name == "axes" || p.name == "axis"));
      NAPI_OK(napi_set_element(env, params, static_cast<uint32_t>(i), po));
    }
    set(env, o, "params", params);
    NAPI_OK(napi_create_function(env, spec->js_name.c_str(), NAPI_AUTO_LENGTH, entry<op_trampoline>, spec, &fn));
    set(env, o, "fn", fn);
    NAPI_OK(napi_set_element(env, list, base + static_cast<uint32_t>(k), o));
  }
  return list;
}

// ---- Call ------------------------------------------------------------------

Call::Call(napi_env e, napi_callback_info info) : env(e) {
  // Most calls carry at most 6 values; asking for all 18 slots would make
  // Node-API fill the unused ones with undefined on every call.
  constexpr size_t kUsual = 6;
  size_t argc = kUsual;
  napi_value argv[kMaxArgs + 2];
  void* data = nullptr;
  NAPI_OK(napi_get_cb_info(env, info, &argc, argv, nullptr, &data));
  if (argc > kUsual) {
    argc = kMaxArgs + 2;
    NAPI_OK(napi_get_cb_info(env, info, &argc, argv, nullptr, &data));
  }
  spec = static_cast<const OpSpec*>(data);
  if (argc > spec->params.size() + 2)
    throw_type(spec->label + ": takes at most " + std::to_string(spec->params.size()) +
               " arguments (" + std::to_string(argc - 2) + " given)");
  if (argc >= 1) {
    napi_valuetype t = type_of(env, argv[0]);
    if (t == napi_object) owner_ = argv[0];
    else if (t != napi_undefined) throw_type(spec->label + ": bad result owner");
  }
  int64_t mask = 0;
  if (argc >= 2 && napi_get_value_int64(env, argv[1], &mask) == napi_ok && mask > 0) mask_ = static_cast<uint64_t>(mask);
  argc_ = argc > 2 ? argc - 2 : 0;
  for (size_t i = 0; i < argc_; i++) {
    argv_[i] = argv[i + 2];
    types_[i] = kUnknownType;
  }
}

const Param& Call::param(size_t i) const { return spec->params.at(i); }

void Call::missing(size_t i) {
  throw_type(spec->label + ": missing required argument '" + param(i).js_name + "'");
}

// What a coded argument stands for, or nullptr for a plain JS value.
const char* Call::coded_kind(size_t i) const {
  if (is_handle(i)) return "an mx.array";
  if (is_dtype_code(i)) return "an mx.Dtype";
  if (is_stream_code(i)) return "an mx.Stream or mx.Device";
  if (is_int_list(i)) return "a list of integers";
  return nullptr;
}

void Call::type_error(size_t i, const std::string& expected) {
  const char* kind = coded_kind(i);
  std::string got = kind ? kind : i < argc_ && js_type(i) != napi_undefined ? describe(env, argv_[i]) : "nothing";
  throw_type(spec->label + ": parameter '" + param(i).js_name + "' expected " + expected + ", got " + got);
}

void Call::not_a_value(size_t i) {
  throw_type(spec->label + ": parameter '" + param(i).js_name + "' does not take " + coded_kind(i));
}

bool Call::none(size_t i) {
  if (is_coded(i)) return false;
  napi_value v = raw(i);
  if (!v) {
    if (param(i).def.kind == Default::Required) missing(i);
    return param(i).def.kind == Default::None;
  }
  return js_type(i) == napi_null;
}

mx::array Call::handle_arg(size_t i) {
  int32_t h = kDisposedHandle - 1;
  napi_get_value_int32(env, argv_[i], &h);
  if (mx::array* a = spec->env_state->slab->get(h)) return *a;  // a copy: the slot may be freed mid-call
  if (h == kDisposedHandle)
    throw_type(spec->label + ": parameter '" + param(i).js_name + "': the array was disposed");
  throw_type(spec->label + ": parameter '" + param(i).js_name + "' expected an mx.array, got an invalid array handle");
}

mx::array* Call::object_arg(size_t i) {
  if (i >= argc_ || js_type(i) != napi_object) return nullptr;
  return array_of_object(env, argv_[i], (spec->label + ": parameter '" + param(i).js_name + "'").c_str());
}

mx::array Call::arr(size_t i) {
  if (is_handle(i)) return handle_arg(i);
  if (!raw(i)) missing(i);
  if (mx::array* a = object_arg(i)) return *a;
  type_error(i, "an mx.array");
}

mx::array Call::arr_or_scalar(size_t i, std::optional<mx::Dtype> weak) {
  if (is_handle(i)) return handle_arg(i);
  napi_value v = raw(i);
  if (!v) missing(i);
  Scalar s;
  if (read_scalar(env, v, s, spec->label.c_str())) return scalar_to_array(s, weak);
  if (mx::array* a = object_arg(i)) return *a;
  bool typed = false;
  NAPI_OK(napi_is_typedarray(env, v, &typed));
  if (typed) return array_from_js(env, v, weak, spec->label.c_str());  // like a NumPy array
  type_error(i, "an mx.array or a scalar");
}

std::pair<mx::array, mx::array> Call::weak_pair(size_t i, size_t j) {
  // Python's to_arrays: a non-array operand takes the array operand's dtype.
  auto live = [&](size_t k) -> std::optional<mx::array> {
    if (is_handle(k)) return handle_arg(k);
    if (!given(k)) return std::nullopt;
    if (mx::array* a = object_arg(k)) return *a;
    return std::nullopt;
  };
  std::optional<mx::array> a = live(i);
  std::optional<mx::array> b = live(j);
  if (a && b) return {std::move(*a), std::move(*b)};
  if (a) {
    mx::Dtype dt = a->dtype();
    return {std::move(*a), arr_or_scalar(j, dt)};
  }
  if (b) {
    mx::Dtype dt = b->dtype();
    return {arr_or_scalar(i, dt), std::move(*b)};
  }
  mx::array x = arr_or_scalar(i);
  return {x, arr_or_scalar(j)};
}

// An integer from a JS number or bigint (docs/python-to-js.md: a bigint is an int).
static bool js_int(napi_env env, napi_value v, int64_t& out) {
  double d;  // fails with napi_number_expected for anything but a number
  if (napi_get_value_double(env, v, &d) != napi_ok) {
    bool lossless = false, b = false;
    if (napi_get_value_bool(env, v, &b) == napi_ok) {  // Python's bool is an int (stride=True is 1)
      out = b;
      return true;
    }
    return napi_get_value_bigint_int64(env, v, &out, &lossless) == napi_ok && lossless;
  }
  if (!std::isfinite(d) || std::trunc(d) != d) return false;
  if (d > 9.2e18 || d < -9.2e18) return false;
  out = static_cast<int64_t>(d);
  return true;
}

// x as an int, or a RangeError naming parameter i (the message is built
// only on failure: this runs for every shape element).
static int to_int32(const Call& c, size_t i, int64_t x) {
  if (x > std::numeric_limits<int32_t>::max() || x < std::numeric_limits<int32_t>::min())
    throw_range(c.spec->label + ": parameter '" + c.spec->params.at(i).js_name + "': integer value " +
                std::to_string(x) + " is outside the supported range [-2147483648, 2147483647]");
  return static_cast<int>(x);
}

int Call::integer(size_t i) {
  napi_value v = raw(i);
  if (!v) {
    if (param(i).def.kind == Default::Number) return static_cast<int>(param(i).def.number);
    missing(i);
  }
  int64_t x;
  if (!js_int(env, v, x)) type_error(i, "an integer");
  return to_int32(*this, i, x);
}

double Call::number(size_t i) {
  napi_value v = raw(i);
  if (!v) {
    if (param(i).def.kind == Default::Number) return param(i).def.number;
    missing(i);
  }
  Scalar s;
  if (!read_scalar(env, v, s, spec->label.c_str()) || s.kind == Scalar::Complex) type_error(i, "a number");
  switch (s.kind) {
    case Scalar::Bool: return s.b;
    case Scalar::Int: return s.is_u64 ? static_cast<double>(s.u) : static_cast<double>(s.i);
    default: return s.f;
  }
}

bool Call::boolean(size_t i) {
  napi_value v = raw(i);
  if (!v) {
    if (param(i).def.kind == Default::Bool) return param(i).def.boolean;
    missing(i);
  }
  if (type_of(env, v) != napi_boolean) type_error(i, "a boolean");
  bool b;
  NAPI_OK(napi_get_value_bool(env, v, &b));
  return b;
}

std::string Call::string(size_t i) {
  napi_value v = raw(i);
  if (!v) {
    if (param(i).def.kind == Default::String) return param(i).def.string;
    missing(i);
  }
  if (type_of(env, v) != napi_string) type_error(i, "a string");
  return to_std_string(env, v);
}

std::optional<int> Call::opt_integer(size_t i) {
  if (none(i)) return std::nullopt;
  return integer(i);
}

std::optional<mx::array> Call::opt_arr(size_t i) {
  if (none(i)) return std::nullopt;
  return arr(i);
}

std::optional<bool> Call::opt_boolean(size_t i) {
  if (none(i)) return std::nullopt;
  return boolean(i);
}

std::vector<mx::array> Call::arrays(size_t i, bool scalars) {
  napi_value v = raw(i);
  if (!v) missing(i);
  if (!is_array(env, v)) type_error(i, scalars ? "a list of mx.arrays or scalars" : "a list of mx.arrays");
  uint32_t n = array_length(env, v);
  std::vector<mx::array> out;
  out.reserve(n);
  for (uint32_t k = 0; k < n; k++) {
    napi_value e = element(env, v, k);
    std::string what = spec->label + ": parameter '" + param(i).js_name + "' at index " + std::to_string(k);
    Scalar s;
    if (scalars && read_scalar(env, e, s, what.c_str())) {
      out.push_back(scalar_to_array(s, std::nullopt));
    } else if (mx::array* a = type_of(env, e) == napi_object ? array_of_object(env, e, what.c_str()) : nullptr) {
      out.push_back(*a);
    } else {
      throw_type(what + ": expected an mx.array, got " + describe(env, e));
    }
  }
  return out;
}

std::vector<int> Call::coded_ints(size_t i) {
  int32_t code = -1;
  napi_get_value_int32(env, argv_[i], &code);
  Scratch* sc = spec->env_state->scratch;
  size_t off = static_cast<uint32_t>(code) & 0xffff, n = static_cast<uint32_t>(code) >> 16;
  if (code < 0 || !sc || off < kArgIntsOffset || off + n > sc->length)
    throw_type(spec->label + ": parameter '" + param(i).js_name + "': bad integer-list code");
  return std::vector<int>(sc->data + off, sc->data + off + n);
}

std::vector<int> Call::int_list(size_t i) {
  if (is_int_list(i)) return coded_ints(i);
  napi_value v = raw(i);
  if (!v) {
    if (param(i).def.kind == Default::EmptyList) return {};
    missing(i);
  }
  return int_list_of(v, i);
}

std::vector<int> Call::int_list_of(napi_value v, size_t i) {
  bool js_array = is_array(env, v), seq = js_array;
  if (!seq) NAPI_OK(napi_is_typedarray(env, v, &seq));
  if (!seq) type_error(i, "a sequence of integers");
  uint32_t n = 0;
  if (js_array) {
    n = array_length(env, v);
  } else {
    napi_value len;
    NAPI_OK(napi_get_named_property(env, v, "length", &len));
    NAPI_OK(napi_get_value_uint32(env, len, &n));
  }
  std::vector<int> out;
  out.reserve(n);
  for (uint32_t k = 0; k < n; k++) {
    int64_t x;
    napi_value e = element(env, v, k);
    if (!js_int(env, e, x))
      throw_type(spec->label + ": parameter '" + param(i).js_name + "' expected a sequence of integers, got " +
                 describe(env, e) + " at index " + std::to_string(k));
    out.push_back(to_int32(*this, i, x));
  }
  return out;
}

mx::Shape Call::shape(size_t i) {
  if (is_int_list(i)) {
    auto l = coded_ints(i);
    return mx::Shape(l.begin(), l.end());
  }
  napi_value v = raw(i);
  if (!v) {
    if (param(i).def.kind == Default::EmptyList) return {};
    missing(i);
  }
  return shape_of(v, i);
}

mx::Shape Call::shape_sequence(size_t i) {
  if (is_int_list(i)) return shape(i);
  napi_value v = raw(i);
  if (v && type_of(env, v) == napi_number) type_error(i, "a sequence of integers");
  return shape(i);
}

mx::Shape Call::shape_of(napi_value v, size_t i) {
  int64_t x;
  if (js_int(env, v, x)) return {to_int32(*this, i, x)};
  if (type_of(env, v) == napi_number) type_error(i, "an integer or a sequence of integers");
  auto l = int_list_of(v, i);
  return mx::Shape(l.begin(), l.end());
}

std::optional<std::vector<int>> Call::axes(size_t i) {
  if (is_int_list(i)) return coded_ints(i);
  if (none(i)) return std::nullopt;
  napi_value v = raw(i);
  int64_t x;
  if (js_int(env, v, x)) return std::vector<int>{to_int32(*this, i, x)};
  if (type_of(env, v) != napi_object) type_error(i, "an integer, a sequence of integers or null");
  return int_list(i);
}

std::optional<mx::Dtype> Call::dtype(size_t i) {
  if (is_dtype_code(i)) {
    int32_t code = -1;
    napi_get_value_int32(env, argv_[i], &code);
    return dtype_from_code(code);
  }
  napi_value v = raw(i);
  if (!v) {
    if (param(i).def.kind == Default::Dtype) return dtype_from_code(param(i).def.dtype);
    if (param(i).def.kind == Default::None) return std::nullopt;
    missing(i);
  }
  auto t = type_of(env, v);
  if (t == napi_null) {
    if (param(i).def.kind == Default::Required) type_error(i, "an mx.Dtype");
    return std::nullopt;
  }
  if (t == napi_object) {
    napi_value code;
    bool has = false;
    NAPI_OK(napi_has_named_property(env, v, "_dtypeCode", &has));
    if (has) {
      NAPI_OK(napi_get_named_property(env, v, "_dtypeCode", &code));
      int32_t c = -1;
      if (napi_get_value_int32(env, code, &c) == napi_ok) return dtype_from_code(c);
    }
  }
  type_error(i, "an mx.Dtype (such as mx.float32)");
}

// The thread-local streams made through mx.newThreadLocalStream (process-wide,
// as MLX's are): MLX makes a stream for any index it is handed, so a forged
// descriptor must not reach it.
static std::mutex tls_mutex;
static std::set<std::pair<int, int>>& tls_made() {
  static auto* s = new std::set<std::pair<int, int>>();  // never destroyed: read until exit
  return *s;
}
void register_thread_local_stream(const mx::ThreadLocalStream& s) {
  std::lock_guard<std::mutex> lock(tls_mutex);
  tls_made().insert({s.index, s.device.type == mx::Device::gpu ? 1 : 0});
}

// A descriptor's fields as MLX's value; kind 0 DeviceType, 1 Device, 2 Stream,
// 3 ThreadLocalStream (resolved to this thread's stream, as Python does).
static mx::StreamOrDevice from_descriptor(int kind, int type, int dev, int stream) {
  mx::Device d(type == 1 ? mx::Device::gpu : mx::Device::cpu, dev);
  if (kind == 2) return mx::Stream(stream, d);
  if (kind == 3) {
    {
      std::lock_guard<std::mutex> lock(tls_mutex);
      if (dev != 0 || !tls_made().count({stream, type})) throw_type("not a thread-local stream made by mx.newThreadLocalStream");
    }
    return mx::stream_from_thread_local_stream(mx::ThreadLocalStream(stream, d));
  }
  return d;
}

mx::StreamOrDevice stream_or_device(napi_env env, napi_value v, const char* what) {
  if (type_of(env, v) == napi_object) {
    bool has = false;
    NAPI_OK(napi_has_named_property(env, v, "_sd", &has));
    if (has) {
      // [kind, deviceType, deviceIndex, streamIndex]
      napi_value sd;
      NAPI_OK(napi_get_named_property(env, v, "_sd", &sd));
      int32_t f[4] = {0, 0, 0, 0};
      for (uint32_t k = 0; k < 4; k++) NAPI_OK(napi_get_value_int32(env, element(env, sd, k), &f[k]));
      if (f[0] >= 0 && f[0] <= 3) return from_descriptor(f[0], f[1], f[2], f[3]);
    }
  }
  throw_type(std::string(what) + ": expected an mx.Stream, mx.Device, mx.cpu/mx.gpu or null, got " +
             describe(env, v));
}

mx::StreamOrDevice Call::stream(size_t i) {
  if (none(i)) return {};
  return stream_or_device_arg(i);
}

mx::StreamOrDevice Call::stream_or_device_arg(size_t i) {
  auto what = [&] { return spec->label + ": parameter '" + param(i).js_name + "'"; };
  if (!is_stream_code(i)) return stream_or_device(env, raw(i), what().c_str());
  int32_t code = -1;
  napi_get_value_int32(env, argv_[i], &code);
  // device.ts's sdCode: kind bits 0-1, type bit 2, device index 3-10, stream index 11-30.
  int kind = code & 3, type = (code >> 2) & 1, dev = (code >> 3) & 0xff, stream = (code >> 11) & 0xfffff;
  if (code < 0) throw_type(what() + ": bad stream or device code");
  return from_descriptor(kind, type, dev, stream);
}

napi_value Call::ret(mx::array a) { return return_array(env, std::move(a), owner_); }

napi_value Call::ret(std::vector<mx::array> v) {
  // Up to 64 handles go back through the scratch Int32Array, the result
  // being -(count + 1): building a JS array element by element through
  // Node-API cost more than the op (qr: ~300 ns).
  Scratch* sc = spec->env_state->scratch;
  if (sc && sc->data && v.size() <= kArgIntsOffset) {
    Slab& slab = *spec->env_state->slab;
    for (size_t k = 0; k < v.size(); k++) sc->data[k] = slab.put(std::move(v[k]), nullptr);
    napi_value out;
    NAPI_OK(napi_create_int32(env, -static_cast<int32_t>(v.size()) - 1, &out));
    return out;
  }
  napi_value out;
  NAPI_OK(napi_create_array_with_length(env, v.size(), &out));
  for (size_t k = 0; k < v.size(); k++)
    NAPI_OK(napi_set_element(env, out, static_cast<uint32_t>(k), return_array(env, std::move(v[k]), nullptr)));
  return out;
}

}  // namespace mlxnode
