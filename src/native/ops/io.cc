// File I/O: load/save (npy, safetensors, GGUF) from paths and from bytes
// (signatures from the mlx 0.32.4 stubs; semantics follow python/src/load.cpp).
// npz (a zip of npy files) is written in TypeScript (src/ts/io.ts) over the
// npy-to/from-bytes forms here, with Node's zlib.
#include "../op_table.h"
#include "../env.h"
#include "bodies.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <optional>
#include <unistd.h>
#include <sys/stat.h>
#include <zlib.h>

#include "mlx/export.h"
#include "mlx/graph_utils.h"
#include "mlx/io.h"

#include <fstream>
#include <sstream>

namespace mlxnode {
namespace {

// ---- bytes in: a Reader over a Buffer / typed array / ArrayBuffer ----------
// MLX reads the arrays' data from it when they are evaluated; loads from
// bytes evaluate before returning (as Python does for file objects), and the
// reader is cut off from the JS memory when the call ends, so a later read
// (there should be none) throws instead of touching freed memory.
class BytesReader : public mx::io::Reader {
 public:
  BytesReader(const char* data, size_t size) : data_(data), size_(size) {}
  bool is_open() const override { return data_ != nullptr || size_ == 0; }
  bool good() const override { return is_open() && pos_ <= size_; }
  size_t tell() override { return pos_; }
  void seek(int64_t off, std::ios_base::seekdir way = std::ios_base::beg) override {
    int64_t base = way == std::ios_base::beg ? 0 : way == std::ios_base::end ? static_cast<int64_t>(size_)
                                                                               : static_cast<int64_t>(pos_);
    int64_t p = base + off;
    pos_ = p < 0 ? size_ + 1 : static_cast<size_t>(p);  // out of range: reads fail
  }
  void read(char* data, size_t n) override {
    read(data, n, pos_);
    pos_ += n;
  }
  void read(char* data, size_t n, size_t offset) override {
    if (!data_ && n > 0) throw std::runtime_error("[load] the bytes are no longer available (read after the load ended)");
    if (offset > size_ || n > size_ - offset)
      throw std::runtime_error("[load] Unexpected end of the bytes: reading " + std::to_string(n) + " bytes at offset " +
                               std::to_string(offset) + " of " + std::to_string(size_) +
                               " (truncated or corrupt data?)");
    if (n) std::memcpy(data, data_ + offset, n);
  }
  std::string label() const override { return "bytes"; }
  void detach() { data_ = nullptr; }

 private:
  const char* data_;
  size_t size_;
  size_t pos_ = 0;
};

// A file Reader (pread: reads at an offset are safe from several threads).
// MLX's ParallelFileReader is not exported from libmlx.
class PathReader : public mx::io::Reader {
 public:
  explicit PathReader(std::string path) : fd_(::open(path.c_str(), O_RDONLY)), path_(std::move(path)) {}
  ~PathReader() override {
    if (fd_ >= 0) ::close(fd_);
  }
  bool is_open() const override { return fd_ >= 0; }
  bool good() const override { return is_open(); }
  size_t tell() override { return pos_; }
  void seek(int64_t off, std::ios_base::seekdir way = std::ios_base::beg) override {
    if (way == std::ios_base::beg) pos_ = static_cast<size_t>(off);
    else if (way == std::ios_base::cur) pos_ = static_cast<size_t>(static_cast<int64_t>(pos_) + off);
    else {
      struct stat st;
      if (::fstat(fd_, &st) != 0) throw std::runtime_error("[load] cannot read '" + path_ + "'");
      pos_ = static_cast<size_t>(st.st_size + off);
    }
  }
  void read(char* data, size_t n) override {
    read(data, n, pos_);
    pos_ += n;
  }
  void read(char* data, size_t n, size_t offset) override {
    while (n > 0) {
      ssize_t r = ::pread(fd_, data, n, static_cast<off_t>(offset));
      if (r <= 0)
        throw std::runtime_error("[load] Unexpected end of file '" + path_ + "' (truncated or corrupt?)");
      data += r, offset += r, n -= r;
    }
  }
  std::string label() const override { return "file " + path_; }

 private:
  int fd_;
  std::string path_;
  size_t pos_ = 0;
};

// ---- bytes out: a Writer into a growing native buffer -----------------------
class BytesWriter : public mx::io::Writer {
 public:
  bool is_open() const override { return true; }
  bool good() const override { return true; }
  size_t tell() override { return pos_; }
  void seek(int64_t off, std::ios_base::seekdir way = std::ios_base::beg) override {
    int64_t base = way == std::ios_base::beg ? 0 : way == std::ios_base::end ? static_cast<int64_t>(buf->size())
                                                                               : static_cast<int64_t>(pos_);
    int64_t p = base + off;
    if (p < 0) throw std::runtime_error("[save] seek before the start of the bytes");
    pos_ = static_cast<size_t>(p);
  }
  void write(const char* data, size_t n) override {
    if (pos_ == buf->size()) {
      buf->insert(buf->end(), data, data + n);  // appending: no zero fill first
    } else {
      if (pos_ + n > buf->size()) buf->resize(pos_ + n);
      if (n) std::memcpy(buf->data() + pos_, data, n);
    }
    pos_ += n;
  }
  void reserve(size_t n) { buf->reserve(n); }
  std::string label() const override { return "bytes"; }
  std::unique_ptr<std::vector<char>> buf = std::make_unique<std::vector<char>>();

 private:
  size_t pos_ = 0;
};

// The written bytes as a Node Buffer without copying them (an external
// buffer that frees the vector), or a copy where the runtime forbids
// external buffers.
napi_value bytes_to_buffer(napi_env env, std::unique_ptr<std::vector<char>> v) {
  napi_value out;
  if (v->empty()) {
    void* d;
    NAPI_OK(napi_create_buffer(env, 0, &d, &out));
    return out;
  }
  auto* raw = v.get();
  napi_status st = napi_create_external_buffer(
      env, raw->size(), raw->data(), [](node_api_basic_env, void*, void* hint) { delete static_cast<std::vector<char>*>(hint); },
      raw, &out);
  if (st == napi_ok) {
    v.release();
    return out;
  }
  void* d;
  NAPI_OK(napi_create_buffer_copy(env, raw->size(), raw->data(), &d, &out));
  return out;
}

// ---- the file argument ---------------------------------------------------------
struct FileArg {
  enum Kind { Path, Bytes, None } kind = None;
  std::string path;
  const char* data = nullptr;
  size_t size = 0;
};

FileArg file_arg(Call& c, size_t i, bool none_ok) {
  FileArg f;
  napi_value v = c.raw(i);
  napi_env env = c.env;
  if (!v || type_of(env, v) == napi_null) {
    if (!none_ok) c.type_error(i, "a path (string) or bytes (Buffer, Uint8Array, ArrayBuffer)");
    return f;
  }
  if (type_of(env, v) == napi_string) {
    f.kind = FileArg::Path;
    f.path = to_std_string(env, v);
    if (f.path.empty()) c.type_error(i, "a non-empty path");
    if (f.path.find('\0') != std::string::npos) c.type_error(i, "a path without NUL characters");
    return f;
  }
  bool yes = false;
  void* data = nullptr;
  if (napi_is_typedarray(env, v, &yes) == napi_ok && yes) {
    napi_typedarray_type t;
    size_t len, off;
    napi_value ab;
    NAPI_OK(napi_get_typedarray_info(env, v, &t, &len, &data, &ab, &off));
    size_t es = 1;
    switch (t) {
      case napi_int16_array: case napi_uint16_array: es = 2; break;
      case napi_int32_array: case napi_uint32_array: case napi_float32_array: es = 4; break;
      case napi_float64_array: case napi_bigint64_array: case napi_biguint64_array: es = 8; break;
      default: es = 1;
    }
    f.kind = FileArg::Bytes;
    f.data = static_cast<const char*>(data);
    f.size = len * es;
    return f;
  }
  if (napi_is_dataview(env, v, &yes) == napi_ok && yes) {
    size_t len, off;
    napi_value ab;
    NAPI_OK(napi_get_dataview_info(env, v, &len, &data, &ab, &off));
    f.kind = FileArg::Bytes;
    f.data = static_cast<const char*>(data);
    f.size = len;
    return f;
  }
  if (napi_is_arraybuffer(env, v, &yes) == napi_ok && yes) {
    size_t len;
    NAPI_OK(napi_get_arraybuffer_info(env, v, &data, &len));
    f.kind = FileArg::Bytes;
    f.data = static_cast<const char*>(data);
    f.size = len;
    return f;
  }
  c.type_error(i, none_ok ? "a path (string), or null to get the bytes back"
                          : "a path (string) or bytes (Buffer, Uint8Array, ArrayBuffer)");
}

[[noreturn]] void file_error(const std::string& fn, const std::string& what, const std::string& path, int err) {
  throw std::runtime_error("[" + fn + "] " + what + " '" + path + "': " + std::strerror(err));
}

// A clear error naming the path before MLX's own (less specific) one.
void check_readable(const std::string& fn, const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) file_error(fn, "cannot open", path, errno);
  if (S_ISDIR(st.st_mode)) file_error(fn, "cannot read", path, EISDIR);
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) file_error(fn, "cannot open", path, errno);
  ::close(fd);
}

std::string with_path(const std::string& msg, const std::string& path) {
  return msg.find(path) != std::string::npos ? msg : msg + " (file '" + path + "')";
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

#if defined(__linux__)
#include <sys/syscall.h>
#ifndef __NR_cachestat
#define __NR_cachestat 451
#endif
#endif

// Before a save writes a new file over an existing one: drop the old file's
// page cache when all of it is clean (its data stays on disk, untouched). The
// new file's pages then reuse that memory: on the VM measured, writing 512
// MiB into fresh page cache while the old file's 512 MiB stayed cached took a
// median 3.4 s, after dropping the clean cache first 1.0 s (an in-place
// truncate, what MLX itself does, 1.7 s); mx.saveSafetensors of 512 MiB over
// an fsynced file, median of 5: 0.3-0.4 s with this, 0.8-1.5 s without. Pages that are dirty are left alone
// (dropping them would start writeback of a file about to be deleted); kernels
// without cachestat(2) (before Linux 6.5) skip this.
void drop_clean_cache(const std::string& path) {
#if defined(__linux__) && defined(POSIX_FADV_DONTNEED)
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return;
  struct stat st;
  struct {
    uint64_t off, len;
  } range{0, 0};
  struct {
    uint64_t nr_cache, nr_dirty, nr_writeback, nr_evicted, nr_recently_evicted;
  } cs{};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= (off_t(1) << 24) &&
      ::syscall(__NR_cachestat, fd, &range, &cs, 0) == 0 && cs.nr_dirty == 0 && cs.nr_writeback == 0 &&
      cs.nr_cache > 0)
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  ::close(fd);
#else
  (void)path;
#endif
}

// Saving loses nothing: write to a temporary file beside the target, then
// rename it over the target. `write(tmp, fd)` writes the file: through `fd`
// (open for writing, closed here), or by opening `tmp` itself.
template <typename F>
void save_atomically(const std::string& fn, const std::string& path, const std::string& ext, F write) {
  std::string dir = ".", base = path;
  auto slash = path.find_last_of('/');
  if (slash != std::string::npos) {
    dir = slash == 0 ? "/" : path.substr(0, slash);
    base = path.substr(slash + 1);
  }
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0) file_error(fn, "cannot write", path, errno);
  if (!S_ISDIR(st.st_mode)) file_error(fn, "cannot write", path, ENOTDIR);
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) file_error(fn, "cannot write", path, EISDIR);
  static std::atomic<unsigned> counter{0};
  std::string tmp = (slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) + "." + base + ".tmp" +
                    std::to_string(::getpid()) + "-" + std::to_string(counter++) + ext;
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) file_error(fn, "cannot write", path, errno);
  drop_clean_cache(path);
  try {
    write(tmp, fd);
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  if (::close(fd) != 0) {
    int e = errno;
    ::unlink(tmp.c_str());
    file_error(fn, "cannot write", path, e);
  }
  // Swap the new file with the old one (both names exist at every moment),
  // then remove the old one. A plain rename over an existing file makes ext4
  // start writeback of the whole new file first (auto_da_alloc), which took
  // longer than the write itself; the exchange does not, and a process killed
  // at any point leaves the old or the new file complete, never neither.
#ifdef RENAME_EXCHANGE
  if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, path.c_str(), RENAME_EXCHANGE) == 0) {
    ::unlink(tmp.c_str());
    return;
  }
#endif
  if (::rename(tmp.c_str(), path.c_str()) != 0) {  // no old file, or no exchange on this file system
    int e = errno;
    ::unlink(tmp.c_str());
    file_error(fn, "cannot write", path, e);
  }
}

// A Writer to the temporary file save_atomically opened (not owned). Writing
// through that descriptor, rather than reopening the file with O_TRUNC as
// MLX's FileWriter does, matters on ext4: a truncate (even of an empty file)
// makes close() start writeback of everything written (auto_da_alloc), which
// made a 1 GiB save several times slower than Python's write to a new file.
class FdWriter : public mx::io::Writer {
 public:
  FdWriter(int fd, std::string fn, std::string path) : fd_(fd), fn_(std::move(fn)), path_(std::move(path)) {}
  bool is_open() const override { return fd_ >= 0; }
  bool good() const override { return fd_ >= 0; }
  size_t tell() override { return pos_; }
  void seek(int64_t off, std::ios_base::seekdir way = std::ios_base::beg) override {
    int64_t base = way == std::ios_base::beg ? 0 : way == std::ios_base::end ? static_cast<int64_t>(end_)
                                                                               : static_cast<int64_t>(pos_);
    int64_t p = base + off;
    if (p < 0) throw std::runtime_error("[" + fn_ + "] seek before the start of '" + path_ + "'");
    pos_ = static_cast<uint64_t>(p);
  }
  void write(const char* data, size_t n) override {
    while (n > 0) {
      ssize_t w = ::pwrite(fd_, data, std::min<size_t>(n, size_t(1) << 30), static_cast<off_t>(pos_));
      if (w < 0) {
        if (errno == EINTR) continue;
        file_error(fn_, "cannot write", path_, errno);
      }
      data += w, n -= static_cast<size_t>(w), pos_ += static_cast<uint64_t>(w);
    }
    end_ = std::max(end_, pos_);
  }
  std::string label() const override { return "file " + path_; }

 private:
  int fd_;
  std::string fn_, path_;
  uint64_t pos_ = 0, end_ = 0;
};

// ---- GGUF: checked before MLX's parser (gguflib trusts the file: a damaged
// header can make it read out of bounds). Walks the header with every length
// and count checked against the file size, and each tensor's extent against
// the data section; throws naming the file and what is wrong.
class GgufCheck {
 public:
  GgufCheck(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDONLY);
    if (fd_ < 0) file_error("load_gguf", "cannot open", path, errno);
    struct stat st;
    if (::fstat(fd_, &st) != 0) file_error("load_gguf", "cannot read", path, errno);
    size_ = static_cast<uint64_t>(st.st_size);
  }
  ~GgufCheck() {
    if (fd_ >= 0) ::close(fd_);
  }
  void run() {
    char magic[4];
    read(magic, 4, "magic");
    if (std::memcmp(magic, "GGUF", 4) != 0) fail("not a GGUF file (bad magic)");
    uint32_t version = u32("version");
    if (version < 2 || version > 3) fail("unsupported GGUF version " + std::to_string(version));
    uint64_t n_tensors = u64("tensor count"), n_kv = u64("metadata count");
    // Each entry takes at least 8 + 4 bytes (tensor: 8 + 4 + 4 + 8): counts beyond the file are corrupt.
    if (n_kv > size_ / 12 || n_tensors > size_ / 24) fail("counts larger than the file");
    uint64_t alignment = 32;
    for (uint64_t k = 0; k < n_kv; k++) {
      std::string key = str("metadata key");
      uint32_t type = u32("metadata type");
      if (key == "general.alignment" && type == 4) {
        alignment = u32("general.alignment");
        if (alignment == 0 || (alignment & (alignment - 1)) != 0) fail("general.alignment is not a power of two");
        continue;
      }
      value(type, key, 0);
    }
    struct T {
      std::string name;
      uint64_t bytes, offset;
    };
    std::vector<T> tensors;
    for (uint64_t k = 0; k < n_tensors; k++) {
      T t;
      t.name = str("tensor name");
      uint32_t nd = u32("tensor dimensions");
      if (nd == 0 || nd > 4) fail("tensor '" + t.name + "' has " + std::to_string(nd) + " dimensions (1 to 4)");
      uint64_t n = 1, ne0 = 0;
      for (uint32_t d = 0; d < nd; d++) {
        uint64_t e = u64("tensor dimension");
        if (d == 0) ne0 = e;
        if (e != 0 && n > (uint64_t(1) << 62) / e) fail("tensor '" + t.name + "' is too large");
        n *= e;
      }
      uint32_t type = u32("tensor type");
      uint64_t block, bsize;
      switch (type) {
        case 0: block = 1, bsize = 4; break;    // F32
        case 1: block = 1, bsize = 2; break;    // F16
        case 2: block = 32, bsize = 18; break;  // Q4_0
        case 3: block = 32, bsize = 20; break;  // Q4_1
        case 8: block = 32, bsize = 34; break;  // Q8_0
        case 24: block = 1, bsize = 1; break;   // I8
        case 25: block = 1, bsize = 2; break;   // I16
        case 26: block = 1, bsize = 4; break;   // I32
        case 27: block = 1, bsize = 8; break;   // I64
        case 28: block = 1, bsize = 8; break;   // F64
        case 30: block = 1, bsize = 2; break;   // BF16
        default: fail("tensor '" + t.name + "' has an unsupported GGUF type " + std::to_string(type));
      }
      if (block > 1 && ne0 % block != 0) fail("tensor '" + t.name + "' has a first dimension not a multiple of its block");
      t.bytes = n / block * bsize;
      t.offset = u64("tensor offset");
      tensors.push_back(std::move(t));
    }
    uint64_t data = (pos_ + alignment - 1) / alignment * alignment;
    for (auto& t : tensors) {
      if (t.offset % alignment != 0) fail("tensor '" + t.name + "' is not aligned");
      if (data > size_ || t.offset > size_ - data || t.bytes > size_ - data - t.offset)
        fail("tensor '" + t.name + "' data (" + std::to_string(t.bytes) + " bytes at " + std::to_string(t.offset) +
             ") exceeds the file (truncated or corrupt?)");
    }
  }

 private:
  [[noreturn]] void fail(const std::string& why) {
    throw std::runtime_error("[load_gguf] invalid GGUF file '" + path_ + "': " + why);
  }
  void read(void* out, uint64_t n, const char* what) {
    if (n > size_ || pos_ > size_ - n) fail(std::string("truncated (") + what + ")");
    char* p = static_cast<char*>(out);
    uint64_t left = n, at = pos_;
    while (left > 0) {
      ssize_t r = ::pread(fd_, p, left, static_cast<off_t>(at));
      if (r <= 0) fail(std::string("read error (") + what + ")");
      p += r, at += r, left -= r;
    }
    pos_ += n;
  }
  void skip(uint64_t n, const char* what) {
    if (n > size_ || pos_ > size_ - n) fail(std::string("truncated (") + what + ")");
    pos_ += n;
  }
  uint32_t u32(const char* what) {
    uint32_t v;
    read(&v, 4, what);
    return v;
  }
  uint64_t u64(const char* what) {
    uint64_t v;
    read(&v, 8, what);
    return v;
  }
  std::string str(const char* what) {
    uint64_t n = u64(what);
    if (n > size_ - pos_) fail(std::string("truncated (") + what + ")");
    std::string s(n, '\0');
    read(s.data(), n, what);
    return s;
  }
  static uint64_t scalar_size(uint32_t type) {
    switch (type) {
      case 0: case 1: case 7: return 1;  // uint8, int8, bool
      case 2: case 3: return 2;
      case 4: case 5: case 6: return 4;
      case 10: case 11: case 12: return 8;
      default: return 0;
    }
  }
  void value(uint32_t type, const std::string& key, int depth) {
    if (uint64_t sz = scalar_size(type)) return skip(sz, "metadata value");
    if (type == 8) {
      uint64_t n = u64("metadata string");
      return skip(n, "metadata string");
    }
    if (type == 9) {
      if (depth > 0) fail("metadata '" + key + "' nests arrays");
      uint32_t et = u32("metadata array type");
      uint64_t n = u64("metadata array length");
      if (uint64_t sz = scalar_size(et)) {
        if (n > (size_ - pos_) / sz) fail("metadata '" + key + "' array longer than the file");
        return skip(n * sz, "metadata array");
      }
      if (et != 8) fail("metadata '" + key + "' has an unsupported array type " + std::to_string(et));
      if (n > (size_ - pos_) / 8) fail("metadata '" + key + "' array longer than the file");
      for (uint64_t k = 0; k < n; k++) value(8, key, depth + 1);
      return;
    }
    fail("metadata '" + key + "' has an unknown type " + std::to_string(type));
  }
  std::string path_;
  int fd_ = -1;
  uint64_t size_ = 0, pos_ = 0;
};

// ---- npz: a zip of npy files, read member by member ----------------------------
// The central directory is read first (from the end of the file), then each
// member is decompressed straight into its MLX array through MemberReader (a
// Reader over the member's uncompressed bytes), evaluated, and checked: its
// CRC, and that it inflates to exactly its declared size (a zip bomb stops at
// the declared size plus one byte). Neither the file nor a member is ever
// held whole outside the arrays.
[[noreturn]] void npz_fail(const std::string& why) {
  throw std::runtime_error(
      "[load_npz] Input must be a zip file or a file-like object that can be opened with zipfile.ZipFile (" + why +
      ")");
}

// The zip's bytes: a file (read at offsets) or memory.
struct ZipSource {
  int fd = -1;  // owned
  const char* mem = nullptr;
  uint64_t size = 0;
  ZipSource() = default;
  ZipSource(const ZipSource&) = delete;
  ~ZipSource() {
    if (fd >= 0) ::close(fd);
  }
  void read(void* out, uint64_t n, uint64_t off, const char* what) const {
    if (off > size || n > size - off) npz_fail(std::string("truncated ") + what);
    if (mem) {
      if (n) std::memcpy(out, mem + off, n);
      return;
    }
    char* p = static_cast<char*>(out);
    while (n > 0) {
      ssize_t r = ::pread(fd, p, std::min<uint64_t>(n, uint64_t(1) << 30), static_cast<off_t>(off));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) npz_fail(std::string("read error in ") + what + (r < 0 ? std::string(": ") + std::strerror(errno) : ""));
      p += r, off += r, n -= r;
    }
  }
};

struct ZipMember {
  std::string name;
  uint16_t method;
  uint32_t crc;
  uint64_t csize, usize, offset;
};

uint16_t le16(const unsigned char* p) { return uint16_t(p[0] | (p[1] << 8)); }
uint32_t le32(const unsigned char* p) { return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24); }
uint64_t le64(const unsigned char* p) { return uint64_t(le32(p)) | (uint64_t(le32(p + 4)) << 32); }

std::string latin1_to_utf8(const unsigned char* p, size_t n) {
  std::string out;
  for (size_t k = 0; k < n; k++) {
    unsigned char ch = p[k];
    if (ch < 0x80) out += char(ch);
    else out += char(0xc0 | (ch >> 6)), out += char(0x80 | (ch & 0x3f));
  }
  return out;
}

std::vector<ZipMember> zip_members(const ZipSource& src) {
  // End of central directory: the last signature within 64 KiB of the end.
  uint64_t tail_n = std::min<uint64_t>(src.size, 22 + 0xffff);
  if (src.size < 22) npz_fail("no end of central directory record");
  std::vector<unsigned char> tail(tail_n);
  src.read(tail.data(), tail_n, src.size - tail_n, "end of central directory");
  int64_t eocd = -1;
  for (int64_t o = int64_t(tail_n) - 22; o >= 0; o--)
    if (le32(&tail[o]) == 0x06054b50) {
      eocd = o;
      break;
    }
  if (eocd < 0) npz_fail("no end of central directory record");
  uint64_t eocd_at = src.size - tail_n + uint64_t(eocd);
  uint64_t count = le16(&tail[eocd + 10]), cd_size = le32(&tail[eocd + 12]), cd_offset = le32(&tail[eocd + 16]);
  if (count == 0xffff || cd_size == 0xffffffff || cd_offset == 0xffffffff) {
    if (eocd_at < 20) npz_fail("truncated zip64 locator");
    unsigned char loc[20], z[56];
    src.read(loc, 20, eocd_at - 20, "zip64 locator");
    if (le32(loc) != 0x07064b50) npz_fail("missing zip64 locator");
    src.read(z, 56, le64(loc + 8), "zip64 end of central directory");
    if (le32(z) != 0x06064b50) npz_fail("bad zip64 end of central directory");
    count = le64(z + 32), cd_size = le64(z + 40), cd_offset = le64(z + 48);
  }
  if (cd_offset > src.size || cd_size > src.size - cd_offset) npz_fail("truncated central directory");
  if (count > cd_size / 46) npz_fail("truncated central directory entry");
  std::vector<unsigned char> cd(cd_size);
  src.read(cd.data(), cd_size, cd_offset, "central directory");
  std::vector<ZipMember> out;
  uint64_t o = 0;
  for (uint64_t k = 0; k < count; k++) {
    if (o + 46 > cd_size) npz_fail("truncated central directory entry");
    const unsigned char* h = &cd[o];
    if (le32(h) != 0x02014b50) npz_fail("bad central directory entry");
    uint16_t flags = le16(h + 8);
    ZipMember m;
    m.method = le16(h + 10);
    m.crc = le32(h + 16);
    m.csize = le32(h + 20);
    m.usize = le32(h + 24);
    uint64_t nlen = le16(h + 28), elen = le16(h + 30), clen = le16(h + 32);
    m.offset = le32(h + 42);
    if (o + 46 + nlen + elen + clen > cd_size) npz_fail("truncated central directory entry");
    if (flags & 1) npz_fail("encrypted entries are not supported");
    const unsigned char* name = h + 46;
    m.name = (flags & 0x800) ? std::string(reinterpret_cast<const char*>(name), nlen) : latin1_to_utf8(name, nlen);
    // zip64 extra field: the 0xffffffff values, in the order usize, csize, offset.
    for (uint64_t e = 46 + nlen; e + 4 <= 46 + nlen + elen;) {
      uint16_t id = le16(h + e), len = le16(h + e + 2);
      if (e + 4 + len > 46 + nlen + elen) npz_fail("truncated extra field");
      if (id == 1) {
        uint64_t p = e + 4;
        auto take = [&]() {
          if (p + 8 > e + 4 + len) npz_fail("truncated zip64 extra field");
          uint64_t v = le64(h + p);
          p += 8;
          return v;
        };
        if (m.usize == 0xffffffff) m.usize = take();
        if (m.csize == 0xffffffff) m.csize = take();
        if (m.offset == 0xffffffff) m.offset = take();
      }
      e += 4 + len;
    }
    out.push_back(std::move(m));
    o += 46 + nlen + elen + clen;
  }
  return out;
}

// A member's uncompressed bytes as a Reader. Reads must move forward (MLX's
// npy reader reads the header, then the data once); the first bytes are kept
// so that the header may be read again. Everything produced goes through the
// CRC; produce() never goes past the declared size.
class MemberReader : public mx::io::Reader {
 public:
  MemberReader(std::shared_ptr<const ZipSource> src, ZipMember m, uint64_t start, std::string label)
      : src_(std::move(src)), m_(std::move(m)), start_(start), label_(std::move(label)) {
    if (m_.method == 8) {
      std::memset(&z_, 0, sizeof(z_));
      if (inflateInit2(&z_, -MAX_WBITS) != Z_OK) npz_fail("cannot start inflating '" + m_.name + "'");
      z_open_ = true;
    }
  }
  ~MemberReader() override {
    if (z_open_) inflateEnd(&z_);
  }
  bool is_open() const override { return true; }
  bool good() const override { return error_.empty(); }
  size_t tell() override { return pos_; }
  void seek(int64_t off, std::ios_base::seekdir way = std::ios_base::beg) override {
    int64_t base = way == std::ios_base::beg ? 0 : way == std::ios_base::end ? int64_t(m_.usize) : int64_t(pos_);
    if (base + off < 0) fail("a seek before the start of '" + m_.name + "'");
    pos_ = uint64_t(base + off);
  }
  void read(char* data, size_t n) override {
    read(data, n, pos_);
    pos_ += n;
  }
  void read(char* data, size_t n, size_t offset) override {
    if (offset > m_.usize || n > m_.usize - offset)
      fail("entry '" + m_.name + "' declares " + std::to_string(m_.usize) + " bytes; reading " + std::to_string(n) +
           " at " + std::to_string(offset) + " (truncated or corrupt npy data, or data that inflates beyond the "
           "declared size)");
    if (offset < produced_) {  // from the kept head
      if (produced_ > head_.size()) fail("entry '" + m_.name + "' read out of order");
      size_t k = std::min<uint64_t>(n, produced_ - offset);
      std::memcpy(data, head_.data() + offset, k);
      data += k, n -= k, offset += k;
    }
    if (offset > produced_) skip(offset - produced_);
    produce(data, n);
  }
  std::string label() const override { return label_; }
  // After the member's arrays are evaluated: the rest of the member, the end
  // of its compressed stream, its CRC.
  void finish() {
    if (!error_.empty()) throw std::runtime_error(error_);
    skip(m_.usize - produced_);
    if (z_open_) {
      unsigned char extra;
      z_.next_out = &extra;
      z_.avail_out = 1;
      int r = pump();
      if (z_.avail_out == 0)
        fail("entry '" + m_.name + "' inflates beyond its declared " + std::to_string(m_.usize) + " bytes");
      if (r != Z_STREAM_END)
        fail("entry '" + m_.name + "' does not inflate to its declared " + std::to_string(m_.usize) + " bytes");
    }
    if (crc_ != m_.crc) fail("CRC mismatch in '" + m_.name + "'");
  }
  uint64_t size() const { return m_.usize; }

 private:
  static constexpr uint64_t kHead = 1 << 16;
  [[noreturn]] void fail(const std::string& why) {
    try {
      npz_fail(why);
    } catch (const std::exception& e) {
      if (error_.empty()) error_ = e.what();
      throw;
    }
  }
  void skip(uint64_t n) {
    char buf[16384];
    while (n > 0) {
      size_t k = std::min<uint64_t>(n, sizeof(buf));
      produce(buf, k);
      n -= k;
    }
  }
  // Inflates with what is in z_ (refilling its input from the file); returns zlib's last status.
  int pump() {
    int r = Z_OK;
    while (z_.avail_out > 0) {
      if (z_.avail_in == 0 && consumed_ < m_.csize) {
        if (in_.empty()) in_.resize(std::min<uint64_t>(m_.csize, uint64_t(1) << 20));
        uint64_t k = std::min<uint64_t>(in_.size(), m_.csize - consumed_);
        src_->read(in_.data(), k, start_ + consumed_, ("data of '" + m_.name + "'").c_str());
        consumed_ += k;
        z_.next_in = in_.data();
        z_.avail_in = static_cast<uInt>(k);
      }
      r = inflate(&z_, Z_NO_FLUSH);
      if (r == Z_STREAM_END) break;
      if (r == Z_BUF_ERROR && z_.avail_in == 0 && consumed_ >= m_.csize) break;  // out of input
      if (r != Z_OK)
        fail("entry '" + m_.name + "' does not inflate to its declared " + std::to_string(m_.usize) + " bytes: " +
             (z_.msg ? z_.msg : "zlib error " + std::to_string(r)));
    }
    return r;
  }
  void produce(char* data, uint64_t n) {
    if (n == 0) return;
    if (!error_.empty()) throw std::runtime_error(error_);
    if (m_.method == 0) {
      src_->read(data, n, start_ + produced_, ("data of '" + m_.name + "'").c_str());
    } else {
      for (uint64_t left = n; left > 0;) {
        uInt k = static_cast<uInt>(std::min<uint64_t>(left, uint64_t(1) << 30));
        z_.next_out = reinterpret_cast<Bytef*>(data + (n - left));
        z_.avail_out = k;
        pump();
        if (z_.avail_out > 0)
          fail("entry '" + m_.name + "' inflates to " + std::to_string(produced_ + (n - left) + (k - z_.avail_out)) +
               " bytes, not " + std::to_string(m_.usize));
        left -= k;
      }
    }
    for (uint64_t done = 0; done < n;) {
      uInt k = static_cast<uInt>(std::min<uint64_t>(n - done, uint64_t(1) << 30));
      crc_ = static_cast<uint32_t>(crc32(crc_, reinterpret_cast<const Bytef*>(data + done), k));
      done += k;
    }
    if (produced_ < kHead) {
      uint64_t k = std::min<uint64_t>(n, kHead - produced_);
      head_.insert(head_.end(), data, data + k);
    }
    produced_ += n;
  }

  std::shared_ptr<const ZipSource> src_;
  ZipMember m_;
  uint64_t start_;
  std::string label_;
  z_stream z_;
  bool z_open_ = false;
  std::vector<unsigned char> in_;
  std::vector<char> head_;
  uint64_t pos_ = 0, produced_ = 0, consumed_ = 0;
  uint32_t crc_ = 0;
  std::string error_;
};

// Evaluates arrays loaded from bytes; on an error, drains this environment's
// streams of it (as mx.eval does) and rethrows.
void eval_loaded(napi_env env, std::vector<mx::array>& arrays) {
  try {
    mx::eval(arrays);
  } catch (...) {
    if (Env* e = Env::get(env))
      for (auto& st : e->streams)
        for (int k = 0; k < 4; k++) {
          try {
            mx::synchronize(st);
            break;
          } catch (...) {
          }
        }
    throw;
  }
}

napi_value str_array(napi_env env, const std::vector<std::string>& v) {
  napi_value out;
  NAPI_OK(napi_create_array_with_length(env, v.size(), &out));
  for (size_t k = 0; k < v.size(); k++) NAPI_OK(napi_set_element(env, out, k, js_string(env, v[k])));
  return out;
}

// The result of load for the TS layer: [names, handles, metaKeys, metaValues]
// (names null for a single array; meta* null without metadata). Handles are
// adopted by io.ts.
napi_value load_result(napi_env env, std::vector<std::string> names, std::vector<mx::array> arrays, napi_value mk,
                       napi_value mv) {
  napi_value out, handles;
  NAPI_OK(napi_create_array_with_length(env, 4, &out));
  NAPI_OK(napi_create_array_with_length(env, arrays.size(), &handles));
  for (size_t k = 0; k < arrays.size(); k++)
    NAPI_OK(napi_set_element(env, handles, k, return_array(env, std::move(arrays[k]), nullptr)));
  napi_value null;
  NAPI_OK(napi_get_null(env, &null));
  NAPI_OK(napi_set_element(env, out, 0, names.empty() && arrays.size() == 1 && mk == nullptr ? null : str_array(env, names)));
  NAPI_OK(napi_set_element(env, out, 1, handles));
  NAPI_OK(napi_set_element(env, out, 2, mk ? mk : null));
  NAPI_OK(napi_set_element(env, out, 3, mv ? mv : null));
  return out;
}

template <typename Map>
void split_map(Map& m, std::vector<std::string>& names, std::vector<mx::array>& arrays) {
  std::vector<std::string> keys;
  for (auto& kv : m) keys.push_back(kv.first);
  std::sort(keys.begin(), keys.end());  // a stable order (MLX's maps are unordered)
  for (auto& k : keys) {
    names.push_back(k);
    arrays.push_back(m.at(k));
  }
}

// The members of an npz, each read into its array and checked before the next
// (names without their .npy; a later member of the same name replaces an
// earlier one, as in Python's dict).
void load_npz(napi_env env, const std::shared_ptr<ZipSource>& src, const std::string& where, mx::StreamOrDevice s,
              std::vector<std::string>& names, std::vector<mx::array>& arrays) {
  for (auto& m : zip_members(*src)) {
    unsigned char lh[30];
    src->read(lh, 30, m.offset, "local header");
    if (le32(lh) != 0x04034b50) npz_fail("bad local header for '" + m.name + "'");
    uint64_t start = m.offset + 30 + le16(lh + 26) + le16(lh + 28);
    if (start > src->size || m.csize > src->size - start) npz_fail("truncated data for '" + m.name + "'");
    if (m.method == 0 && m.csize != m.usize) npz_fail("stored entry '" + m.name + "' with differing sizes");
    if (m.method != 0 && m.method != 8)
      npz_fail("entry '" + m.name + "' uses unsupported compression method " + std::to_string(m.method));
    auto rd = std::make_shared<MemberReader>(src, m, start, "'" + m.name + "' in " + where);
    // The npy header must fit in the member (and be of a sane size) before MLX allocates it.
    if (m.usize >= 12) {
      char h[12];
      rd->read(h, 12, 0);
      if (std::memcmp(h, "\x93NUMPY", 6) == 0) {
        uint64_t len = h[6] == 1 ? le16(reinterpret_cast<unsigned char*>(h) + 8)
                                 : le32(reinterpret_cast<unsigned char*>(h) + 8);
        uint64_t end = (h[6] == 1 ? 10 : 12) + len;
        if (end > m.usize || len > (uint64_t(1) << 20))
          npz_fail("entry '" + m.name + "' has an npy header of " + std::to_string(len) + " bytes in " +
                   std::to_string(m.usize));
      }
    }
    mx::array a = mx::load(rd, s);
    if (rd->tell() > m.usize || a.nbytes() > m.usize - rd->tell())
      npz_fail("entry '" + m.name + "': the npy header declares " + std::to_string(a.nbytes()) + " bytes of data but " +
               std::to_string(rd->tell() > m.usize ? 0 : m.usize - rd->tell()) + " follow it");
    std::vector<mx::array> one{a};
    eval_loaded(env, one);
    rd->finish();
    std::string key = m.name.size() > 4 && ends_with(m.name, ".npy") ? m.name.substr(0, m.name.size() - 4) : m.name;
    auto it = std::find(names.begin(), names.end(), key);
    if (it != names.end()) arrays[it - names.begin()] = a;
    else names.push_back(key), arrays.push_back(a);
  }
}

// load(file, /, format=None, return_metadata=False, *, stream=None).
// npz is read member by member (load_npz), evaluated as it is read.
napi_value load(Call& c) {
  napi_env env = c.env;
  FileArg f = file_arg(c, 0, false);
  std::string format;
  if (!c.none(1)) {
    format = c.string(1);
  } else if (f.kind == FileArg::Path) {
    auto dot = f.path.find_last_of('.');
    auto slash = f.path.find_last_of('/');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash))
      throw std::invalid_argument("[load] Could not infer file format from extension of '" + f.path +
                                  "': pass { format }");
    format = f.path.substr(dot + 1);
  } else {
    c.type_error(1, "a format ('npy', 'npz', 'safetensors' or 'gguf') when loading from bytes");
  }
  bool meta = c.boolean(2);
  auto s = c.stream(3);
  if (meta && (format == "npy" || format == "npz"))
    throw std::invalid_argument("[load] metadata not supported for format " + format);
  if (format != "npy" && format != "npz" && format != "safetensors" && format != "gguf")
    throw std::invalid_argument("[load] Unknown file format " + format);
  if (format == "gguf" && f.kind == FileArg::Bytes)
    throw std::invalid_argument("[load] gguf from bytes is read through a temporary file by mx.load");
  std::shared_ptr<BytesReader> reader;
  if (f.kind == FileArg::Path) check_readable("load", f.path);
  else reader = std::make_shared<BytesReader>(f.data, f.size);
  struct Detach {
    std::shared_ptr<BytesReader>& r;
    ~Detach() {
      if (r) r->detach();
    }
  } detach{reader};

  std::vector<std::string> names;
  std::vector<mx::array> arrays;
  napi_value mk = nullptr, mv = nullptr;
  // Errors name the file (MLX's do not always).
  auto named = [&](auto fn) {
    if (!reader) {
      try {
        return fn();
      } catch (const std::out_of_range& e) {
        throw std::out_of_range(with_path(e.what(), f.path));
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(with_path(e.what(), f.path));
      } catch (const std::bad_alloc&) {
        throw;
      } catch (const std::exception& e) {
        throw std::runtime_error(with_path(e.what(), f.path));
      }
    }
    return fn();
  };
  if (format == "npy") {
    // The array's data must fit in what follows the header: checked before
    // anything is allocated for it.
    uint64_t size = f.size;
    std::shared_ptr<mx::io::Reader> rd = reader;
    if (!reader) {
      struct stat st;
      if (::stat(f.path.c_str(), &st) != 0) file_error("load", "cannot open", f.path, errno);
      size = static_cast<uint64_t>(st.st_size);
      rd = std::make_shared<PathReader>(f.path);
    }
    mx::array a = named([&] { return mx::load(rd, s); });
    uint64_t start = rd->tell();
    if (start > size || a.nbytes() > size - start)
      throw std::runtime_error("[load] " + (reader ? std::string("the bytes") : "'" + f.path + "'") +
                               ": the header declares " + std::to_string(a.nbytes()) + " bytes of data but " +
                               std::to_string(start > size ? 0 : size - start) +
                               " follow it (truncated or corrupt?)");
    arrays.push_back(a);
  } else if (format == "npz") {
    auto src = std::make_shared<ZipSource>();
    if (reader) {
      src->mem = f.data;
      src->size = f.size;
    } else {
      src->fd = ::open(f.path.c_str(), O_RDONLY | O_CLOEXEC);
      struct stat st;
      if (src->fd < 0 || ::fstat(src->fd, &st) != 0) file_error("load", "cannot open", f.path, errno);
      src->size = static_cast<uint64_t>(st.st_size);
    }
    named([&] { load_npz(env, src, reader ? std::string("the bytes") : "'" + f.path + "'", s, names, arrays); });
  } else if (format == "safetensors") {
    auto r = named([&] { return reader ? mx::load_safetensors(reader, s) : mx::load_safetensors(f.path, s); });
    split_map(r.first, names, arrays);
    if (meta) {
      std::vector<std::string> keys, vals;
      for (auto& kv : r.second) keys.push_back(kv.first);
      std::sort(keys.begin(), keys.end());
      for (auto& k : keys) vals.push_back(r.second.at(k));
      mk = str_array(env, keys);
      mv = str_array(env, vals);
    }
  } else {
    GgufCheck(f.path).run();
    auto r = named([&] { return mx::load_gguf(f.path, s); });
    split_map(r.first, names, arrays);
    if (meta) {
      std::vector<std::string> keys;
      for (auto& kv : r.second) keys.push_back(kv.first);
      std::sort(keys.begin(), keys.end());
      mk = str_array(env, keys);
      NAPI_OK(napi_create_array_with_length(env, keys.size(), &mv));
      for (size_t k = 0; k < keys.size(); k++) {
        auto& m = r.second.at(keys[k]);
        napi_value v;
        if (auto* a = std::get_if<mx::array>(&m)) v = return_array(env, *a, nullptr);
        else if (auto* str = std::get_if<std::string>(&m)) v = js_string(env, *str);
        else if (auto* l = std::get_if<std::vector<std::string>>(&m)) v = str_array(env, *l);
        else NAPI_OK(napi_get_null(env, &v));
        NAPI_OK(napi_set_element(env, mv, k, v));
      }
    }
  }
  if (reader && format != "npz") eval_loaded(env, arrays);
  return load_result(env, std::move(names), std::move(arrays), mk, mv);
}

// A JS object of arrays (Python's dict[str, array]).
std::unordered_map<std::string, mx::array> array_dict(Call& c, size_t i) {
  napi_env env = c.env;
  napi_value v = c.raw(i);
  if (!v || type_of(env, v) != napi_object || is_array(env, v) || is_array_object(env, v))
    c.type_error(i, "an object of arrays ({ name: mx.array })");
  napi_value keys = own_keys(env, v);
  std::unordered_map<std::string, mx::array> out;
  uint32_t n = array_length(env, keys);
  for (uint32_t k = 0; k < n; k++) {
    napi_value key = element(env, keys, k), val;
    NAPI_OK(napi_get_property(env, v, key, &val));
    std::string name = to_std_string(env, key);
    mx::array* a = array_of_object(env, val, c.spec->label.c_str());
    if (!a) c.type_error(i, "an object of arrays ({ name: mx.array }); '" + name + "' is " + describe(env, val));
    out.insert({name, *a});
  }
  return out;
}

// save(file, arr): .npy; file null returns the bytes.
napi_value save(Call& c) {
  FileArg f = file_arg(c, 0, true);
  mx::array a = c.arr(1);
  if (f.kind == FileArg::None) {
    auto w = std::make_shared<BytesWriter>();
    w->reserve(a.nbytes() + 256);
    mx::save(w, a);
    return bytes_to_buffer(c.env, std::move(w->buf));
  }
  if (f.kind == FileArg::Bytes) c.type_error(0, "a path (string), or null to get the bytes back");
  std::string path = ends_with(f.path, ".npy") ? f.path : f.path + ".npy";
  save_atomically("save", path, ".npy",
                  [&](const std::string&, int fd) { mx::save(std::make_shared<FdWriter>(fd, "save", path), a); });
  return js_undefined(c.env);
}

std::unordered_map<std::string, std::string> string_dict(Call& c, size_t i) {
  napi_env env = c.env;
  std::unordered_map<std::string, std::string> out;
  if (c.none(i)) return out;
  napi_value v = c.raw(i);
  const char* msg = "[save_safetensors] Metadata must be a dictionary with string keys and values";
  if (type_of(env, v) != napi_object || is_array(env, v) || is_array_object(env, v)) throw std::invalid_argument(msg);
  napi_value keys = own_keys(env, v);
  uint32_t n = array_length(env, keys);
  for (uint32_t k = 0; k < n; k++) {
    napi_value key = element(env, keys, k), val;
    NAPI_OK(napi_get_property(env, v, key, &val));
    if (type_of(env, val) != napi_string) throw std::invalid_argument(msg);
    out[to_std_string(env, key)] = to_std_string(env, val);
  }
  return out;
}

napi_value save_safetensors(Call& c) {
  FileArg f = file_arg(c, 0, true);
  auto arrays = array_dict(c, 1);
  auto meta = string_dict(c, 2);
  if (f.kind == FileArg::None) {
    auto w = std::make_shared<BytesWriter>();
    size_t total = 8 + 256;
    for (auto& kv : arrays) total += kv.second.nbytes() + kv.first.size() + 96;
    for (auto& kv : meta) total += kv.first.size() + kv.second.size() + 8;
    w->reserve(total);
    mx::save_safetensors(w, arrays, meta);
    return bytes_to_buffer(c.env, std::move(w->buf));
  }
  if (f.kind == FileArg::Bytes) c.type_error(0, "a path (string), or null to get the bytes back");
  std::string path = ends_with(f.path, ".safetensors") ? f.path : f.path + ".safetensors";
  save_atomically("save_safetensors", path, ".safetensors", [&](const std::string&, int fd) {
    mx::save_safetensors(std::make_shared<FdWriter>(fd, "save_safetensors", path), arrays, meta);
  });
  return js_undefined(c.env);
}

std::unordered_map<std::string, mx::GGUFMetaData> gguf_meta(Call& c, size_t i) {
  napi_env env = c.env;
  std::unordered_map<std::string, mx::GGUFMetaData> out;
  if (c.none(i)) return out;
  napi_value v = c.raw(i);
  if (type_of(env, v) != napi_object || is_array(env, v) || is_array_object(env, v))
    c.type_error(i, "an object of metadata ({ key: mx.array | string | string[] })");
  napi_value keys = own_keys(env, v);
  uint32_t n = array_length(env, keys);
  for (uint32_t k = 0; k < n; k++) {
    napi_value key = element(env, keys, k), val;
    NAPI_OK(napi_get_property(env, v, key, &val));
    std::string name = to_std_string(env, key);
    if (type_of(env, val) == napi_string) {
      out[name] = to_std_string(env, val);
    } else if (mx::array* a = array_of_object(env, val, c.spec->label.c_str())) {
      out[name] = *a;
    } else if (is_array(env, val)) {
      std::vector<std::string> l;
      uint32_t m = array_length(env, val);
      for (uint32_t j = 0; j < m; j++) {
        napi_value e = element(env, val, j);
        if (type_of(env, e) != napi_string)
          c.type_error(i, "metadata values that are mx.array, string or string[]; '" + name + "' holds " + describe(env, e));
        l.push_back(to_std_string(env, e));
      }
      out[name] = l;
    } else {
      c.type_error(i, "metadata values that are mx.array, string or string[]; '" + name + "' is " + describe(env, val));
    }
  }
  return out;
}

// save_gguf(file, arrays, metadata): paths only here (io.ts goes through a
// temporary file for bytes, as MLX writes GGUF to paths only).
napi_value save_gguf(Call& c) {
  FileArg f = file_arg(c, 0, false);
  if (f.kind != FileArg::Path) c.type_error(0, "a path (string)");
  auto arrays = array_dict(c, 1);
  auto meta = gguf_meta(c, 2);
  std::string path = ends_with(f.path, ".gguf") ? f.path : f.path + ".gguf";
  save_atomically("save_gguf", path, ".gguf",
                  [&](const std::string& tmp, int) { mx::save_gguf(tmp, arrays, meta); });
  return js_undefined(c.env);
}

// export_to_dot(file, *args): io.ts flattens the trees of arrays and passes
// Python's keyword names as [name, array] pairs among the rest arguments.
// file null returns the DOT text.
napi_value export_to_dot(Call& c) {
  napi_env env = c.env;
  FileArg f = file_arg(c, 0, true);
  if (f.kind == FileArg::Bytes)
    throw std::invalid_argument("[export_to_dot] Accepts file-like objects or strings to be used as filenames.");
  std::vector<mx::array> outputs;
  mx::NodeNamer namer;
  napi_value rest = c.raw(1);
  uint32_t n = rest ? array_length(env, rest) : 0;
  for (uint32_t k = 0; k < n; k++) {
    napi_value v = element(env, rest, k);
    if (mx::array* a = array_of_object(env, v, "mx.exportToDot")) {
      outputs.push_back(*a);
    } else if (is_array(env, v) && array_length(env, v) == 2 && type_of(env, element(env, v, 0)) == napi_string) {
      mx::array* a = array_of_object(env, element(env, v, 1), "mx.exportToDot");
      if (!a) c.type_error(1, "arrays (or trees of arrays)");
      namer.set_name(*a, to_std_string(env, element(env, v, 0)));
      outputs.push_back(*a);
    } else {
      c.type_error(1, "arrays (or trees of arrays), got " + describe(env, v));
    }
  }
  std::ostringstream out;
  mx::export_to_dot(out, std::move(namer), outputs);
  if (f.kind == FileArg::None) return js_string(env, out.str());
  save_atomically("export_to_dot", f.path, "", [&](const std::string& tmp, int) {
    std::ofstream o(tmp, std::ios::binary | std::ios::trunc);
    o << out.str();
    o.close();
    if (!o) file_error("export_to_dot", "cannot write", f.path, errno);
  });
  return js_undefined(env);
}

// ---- export_function / import_function / exporter ----------------------------
// The JS function is called synchronously on the JS thread through an adapter
// io.ts makes: adapter(handles, kwNames, kwHandles) wraps the tracer handles
// as mx.arrays, calls the user's function and returns its outputs as a JS
// array of mx.arrays (and disposes what it made).

// Reads [args..., [name, array]...] (rest parameter i) into Args and Kwargs.
void args_kwargs(Call& c, size_t i, mx::Args& args, mx::Kwargs& kwargs) {
  napi_env env = c.env;
  napi_value rest = c.raw(i);
  uint32_t n = rest ? array_length(env, rest) : 0;
  for (uint32_t k = 0; k < n; k++) {
    napi_value v = element(env, rest, k);
    if (mx::array* a = array_of_object(env, v, c.spec->label.c_str())) {
      args.push_back(*a);
    } else if (is_array(env, v) && array_length(env, v) == 2 && type_of(env, element(env, v, 0)) == napi_string) {
      mx::array* a = array_of_object(env, element(env, v, 1), c.spec->label.c_str());
      if (!a) c.type_error(i, "example inputs that are arrays");
      kwargs.insert({to_std_string(env, element(env, v, 0)), *a});
    } else {
      c.type_error(i, "example inputs that are arrays, got " + describe(env, v));
    }
  }
}

// Calls the adapter; the outputs as arrays. A JS exception is taken off
// Node-API and unwinds through MLX as PendingJsException.
std::vector<mx::array> call_adapter(napi_env env, napi_value fn, const mx::Args& args, const mx::Kwargs& kwargs) {
  napi_value handles, names, kwh, argv[3], result, global;
  NAPI_OK(napi_create_array_with_length(env, args.size(), &handles));
  for (size_t k = 0; k < args.size(); k++) NAPI_OK(napi_set_element(env, handles, k, return_array(env, args[k], nullptr)));
  std::vector<std::string> keys;
  for (auto& kv : kwargs) keys.push_back(kv.first);
  std::sort(keys.begin(), keys.end());
  names = str_array(env, keys);
  NAPI_OK(napi_create_array_with_length(env, keys.size(), &kwh));
  for (size_t k = 0; k < keys.size(); k++) NAPI_OK(napi_set_element(env, kwh, k, return_array(env, kwargs.at(keys[k]), nullptr)));
  argv[0] = handles, argv[1] = names, argv[2] = kwh;
  NAPI_OK(napi_get_global(env, &global));
  if (napi_call_function(env, global, fn, 3, argv, &result) != napi_ok) throw_js_pending(env);
  std::vector<mx::array> out;
  if (!is_array(env, result)) throw_type("the exported function must return an array or a list of arrays");
  uint32_t n = array_length(env, result);
  for (uint32_t k = 0; k < n; k++) {
    mx::array* a = array_of_object(env, element(env, result, k), "export_function");
    if (!a) throw_type("the exported function must return an array or a list of arrays");
    out.push_back(*a);
  }
  return out;
}

std::string opt_string(Call& c, size_t i) { return c.none(i) ? std::string() : c.string(i); }

// export_function(file_or_callback, fun, *args, shapeless=False, metadata=None)
// with `fun` io.ts's adapter and args as args_kwargs reads them.
napi_value export_function(Call& c) {
  napi_env env = c.env;
  if (c.js_type(0) != napi_string)
    c.type_error(0, "a path (string); the callback form of Python's export_function is not supported");
  std::string path = c.string(0);
  napi_value fn = c.raw(1);
  if (!fn || type_of(env, fn) != napi_function) c.type_error(1, "a function");
  mx::Args args;
  mx::Kwargs kwargs;
  args_kwargs(c, 2, args, kwargs);
  bool shapeless = c.boolean(3);
  std::string metadata = opt_string(c, 4);
  std::string full = ends_with(path, ".mlxfn") ? path : path + ".mlxfn";
  save_atomically("export_function", full, ".mlxfn", [&](const std::string& tmp, int) {
    mx::export_function(
        tmp, [&](const mx::Args& a, const mx::Kwargs& k) { return call_adapter(env, fn, a, k); }, args, kwargs,
        shapeless, metadata);
  });
  return js_undefined(env);
}

struct Imported {
  mx::ImportedFunction f;
};

// The imported function's native caller: (handles, kwNames, kwHandles) -> handles.
// Positional arrays, then keyword names and their arrays (three JS lists), as
// MLX's exported functions take them; `what` names the caller in errors.
std::pair<mx::Args, mx::Kwargs> args_kwargs(napi_env env, napi_value positional, napi_value names,
                                            napi_value values, const std::string& what) {
  mx::Args args;
  mx::Kwargs kwargs;
  uint32_t n = array_length(env, positional);
  for (uint32_t k = 0; k < n; k++) {
    mx::array* a = array_of_object(env, element(env, positional, k), what.c_str());
    if (!a) throw_type(what + ": expected array arguments, got " + describe(env, element(env, positional, k)));
    args.push_back(*a);
  }
  uint32_t m = array_length(env, names);
  for (uint32_t k = 0; k < m; k++) {
    mx::array* a = array_of_object(env, element(env, values, k), what.c_str());
    if (!a) throw_type(what + ": keyword arguments must be arrays");
    kwargs.insert({to_std_string(env, element(env, names, k)), *a});
  }
  return {std::move(args), std::move(kwargs)};
}

napi_value call_imported(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  void* data;
  NAPI_OK(napi_get_cb_info(env, info, &argc, argv, nullptr, &data));
  auto* imp = static_cast<Imported*>(data);
  auto [args, kwargs] = args_kwargs(env, argv[0], argv[1], argv[2], "imported function");
  std::vector<mx::array> out = imp->f(args, kwargs);
  napi_value res;
  NAPI_OK(napi_create_array_with_length(env, out.size(), &res));
  for (size_t k = 0; k < out.size(); k++) NAPI_OK(napi_set_element(env, res, k, return_array(env, out[k], nullptr)));
  return res;
}

// import_function(file, return_metadata=False) -> [caller, metadata] for io.ts.
napi_value import_function(Call& c) {
  napi_env env = c.env;
  std::string path = c.string(0);
  check_readable("import_function", path);
  std::unique_ptr<Imported> imp;
  try {
    imp.reset(new Imported{mx::import_function(path)});
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(with_path(e.what(), path));
  } catch (const std::bad_alloc&) {
    throw std::runtime_error("[import_function] invalid file '" + path + "' (a size beyond memory)");
  } catch (const std::exception& e) {
    throw std::runtime_error(with_path(e.what(), path));
  }
  napi_value fn, out;
  NAPI_OK(napi_create_function(env, "imported", NAPI_AUTO_LENGTH, entry<call_imported>, imp.get(), &fn));
  NAPI_OK(napi_add_finalizer(env, fn, imp.get(), [](napi_env, void* d, void*) { delete static_cast<Imported*>(d); },
                             nullptr, nullptr));
  std::string meta = imp->f.metadata();
  imp.release();
  NAPI_OK(napi_create_array_with_length(env, 2, &out));
  NAPI_OK(napi_set_element(env, out, 0, fn));
  NAPI_OK(napi_set_element(env, out, 1, js_string(env, meta)));
  return out;
}

struct Exporter {
  napi_env env;
  napi_ref fn = nullptr;  // the adapter, held while the exporter is open
  std::unique_ptr<mx::FunctionExporter> ex;
  std::string path, tmp;
  bool closed = false;
  void close() {
    if (closed) return;
    closed = true;
    if (ex) ex->close();
    if (fn) napi_delete_reference(env, fn), fn = nullptr;
    if (!tmp.empty() && ::rename(tmp.c_str(), path.c_str()) != 0) {
      int e = errno;
      ::unlink(tmp.c_str());
      file_error("exporter", "cannot write", path, e);
    }
  }
};

// The exporter's native methods: (op, handles, kwNames, kwHandles); op 0 adds a trace, 1 closes.
napi_value exporter_op(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  void* data;
  NAPI_OK(napi_get_cb_info(env, info, &argc, argv, nullptr, &data));
  auto* x = static_cast<Exporter*>(data);
  int32_t op;
  NAPI_OK(napi_get_value_int32(env, argv[0], &op));
  if (op == 1) {
    x->close();
    return js_undefined(env);
  }
  if (x->closed) throw std::runtime_error("[export_function] Attempting to write after exporting is closed.");
  auto [args, kwargs] = args_kwargs(env, argv[1], argv[2], argv[3], "exporter");
  (*x->ex)(args, kwargs);
  return js_undefined(env);
}

// exporter(file, fun, *, shapeless=False, metadata=None) -> a native
// function (op, ...) for io.ts's FunctionExporter. The file is written to a
// temporary name and renamed at close.
napi_value exporter(Call& c) {
  napi_env env = c.env;
  std::string path = c.string(0);
  napi_value fn = c.raw(1);
  if (!fn || type_of(env, fn) != napi_function) c.type_error(1, "a function");
  bool shapeless = c.boolean(2);
  std::string metadata = opt_string(c, 3);
  auto x = std::make_unique<Exporter>();
  x->env = env;
  x->path = ends_with(path, ".mlxfn") ? path : path + ".mlxfn";
  // a temporary file beside the target, renamed over it at close
  x->tmp = x->path + ".tmp" + std::to_string(::getpid()) + ".mlxfn";
  int fd = ::open(x->tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (fd < 0) file_error("exporter", "cannot write", x->path, errno);
  ::close(fd);
  NAPI_OK(napi_create_reference(env, fn, 1, &x->fn));
  Exporter* raw = x.get();
  x->ex = std::make_unique<mx::FunctionExporter>(mx::exporter(
      x->tmp,
      [raw](const mx::Args& a, const mx::Kwargs& k) {
        napi_env env = raw->env;
        napi_value f;
        NAPI_OK(napi_get_reference_value(env, raw->fn, &f));
        return call_adapter(env, f, a, k);
      },
      shapeless, metadata));
  napi_value out;
  NAPI_OK(napi_create_function(env, "exporter", NAPI_AUTO_LENGTH, entry<exporter_op>, raw, &out));
  NAPI_OK(napi_add_finalizer(env, out, raw, [](napi_env, void* d, void*) {
    auto* x = static_cast<Exporter*>(d);
    try {
      x->close();
    } catch (...) {
    }
    delete x;
  }, nullptr, nullptr));
  x.release();
  return out;
}

// ---- allocate: an array MLX allocates and JS fills, then seals ---------------
// allocate(shape, dtype, mode) -> [ArrayBuffer, op, zeroCopy]. mode 1: the ArrayBuffer
// is an external one over the new array's own memory (JS writes land in MLX
// memory: one copy from a stream instead of two); mode 2: a plain JS
// ArrayBuffer that finish copies in (what happens where the runtime forbids
// external buffers; tests force it). The array exists only here until
// op(0) (finish) detaches the ArrayBuffer, so no JS write can reach the
// array once it is visible; op(1) abandons the builder (detaches, frees).
struct Builder {
  napi_env env;
  mx::Shape shape;
  mx::Dtype dtype = mx::float32;
  size_t nbytes = 0;
  std::optional<mx::array> a;  // mode 1: the array JS writes into
  napi_ref ab = nullptr;       // the ArrayBuffer JS holds (a strong reference until done)
  bool done = false;
  void drop() {
    done = true;
    a.reset();
    if (ab) napi_delete_reference(env, ab), ab = nullptr;
  }
};

napi_value builder_op(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  void* data;
  NAPI_OK(napi_get_cb_info(env, info, &argc, argv, nullptr, &data));
  auto* x = static_cast<Builder*>(data);
  int32_t op = 0;
  NAPI_OK(napi_get_value_int32(env, argv[0], &op));
  if (x->done) {
    if (op == 1) return js_undefined(env);
    throw_type("ArrayBuilder.finish: the builder is finished or abandoned already (finish() may be called once)");
  }
  napi_value ab;
  NAPI_OK(napi_get_reference_value(env, x->ab, &ab));
  bool detached = false;
  NAPI_OK(napi_is_detached_arraybuffer(env, ab, &detached));
  if (op == 1) {  // abandon
    if (!detached) napi_detach_arraybuffer(env, ab);
    x->drop();
    return js_undefined(env);
  }
  if (detached) {
    // Transferred (ArrayBuffer.prototype.transfer, postMessage): another
    // ArrayBuffer may own the memory now and could write to it later.
    x->drop();
    throw std::runtime_error(
        "[ArrayBuilder.finish] the builder's ArrayBuffer was detached or transferred before finish(); no array is "
        "made (its memory may still be writable from JS)");
  }
  mx::array out = mx::array(0.0f);
  if (x->a) {
    out = *x->a;
  } else {
    void* src = nullptr;
    size_t len = 0;
    NAPI_OK(napi_get_arraybuffer_info(env, ab, &src, &len));
    if (len != x->nbytes) throw std::runtime_error("[ArrayBuilder.finish] the ArrayBuffer changed size");
    out = mx::array(mx::allocator::malloc(x->nbytes), x->shape, x->dtype);
    if (x->nbytes) std::memcpy(out.data<void>(), src, x->nbytes);
  }
  if (napi_detach_arraybuffer(env, ab) != napi_ok) {
    x->drop();
    throw std::runtime_error("[ArrayBuilder.finish] cannot detach the builder's ArrayBuffer; no array is made");
  }
  if (x->dtype == mx::bool_) {  // a bool is one byte, 0 or 1: any other byte becomes 1
    auto* p = out.data<uint8_t>();
    for (size_t k = 0; k < x->nbytes; k++) p[k] = p[k] != 0;
  }
  x->drop();
  return return_array(env, std::move(out), nullptr);
}

napi_value allocate(Call& c) {
  napi_env env = c.env;
  mx::Shape shape = c.shape(0);
  mx::Dtype dtype = c.dtype(1).value_or(mx::float32);
  int32_t mode = static_cast<int32_t>(c.integer(2));
  double n = 1;
  for (auto d : shape) {
    if (d < 0) throw_range("mx.allocate: parameter 'shape' has a negative dimension (" + std::to_string(d) + ")");
    n *= d;
  }
  double need = n * dtype.size();
  double have = ops::machine_bytes();
  if ((have > 0 && need > have) || need > 9007199254740991.0)
    throw_range("mx.allocate: the array (" + format_number(n) + " elements, " + format_number(need) +
                " bytes) is larger than this machine's memory (" + format_number(have) + " bytes)");
  auto x = std::make_unique<Builder>();
  x->env = env;
  x->shape = shape;
  x->dtype = dtype;
  x->nbytes = static_cast<size_t>(need);
  napi_value ab = nullptr;
  if (mode == 1 && x->nbytes > 0) {
    mx::array a(mx::allocator::malloc(x->nbytes), shape, dtype);
    // The ArrayBuffer keeps the memory alive through its own copy of the
    // array (released by its finalizer after it is detached or collected).
    auto* keep = new mx::array(a);
    napi_status st = napi_create_external_arraybuffer(
        env, keep->data<void>(), x->nbytes,
        [](node_api_basic_env, void*, void* hint) { delete static_cast<mx::array*>(hint); }, keep, &ab);
    if (st == napi_ok) {
      x->a = std::move(a);
    } else {
      delete keep;
      ab = nullptr;
      if (st != napi_no_external_buffers_allowed) NAPI_OK(st);
    }
  }
  if (!ab) {
    void* d;
    NAPI_OK(napi_create_arraybuffer(env, x->nbytes, &d, &ab));
  }
  NAPI_OK(napi_create_reference(env, ab, 1, &x->ab));
  napi_value fn, out;
  Builder* raw = x.get();
  NAPI_OK(napi_create_function(env, "arrayBuilder", NAPI_AUTO_LENGTH, entry<builder_op>, raw, &fn));
  NAPI_OK(napi_add_finalizer(env, fn, raw, [](napi_env, void* d, void*) {
    auto* b = static_cast<Builder*>(d);
    b->drop();
    delete b;
  }, nullptr, nullptr));
  x.release();
  napi_value zero_copy;
  NAPI_OK(napi_get_boolean(env, raw->a.has_value(), &zero_copy));
  NAPI_OK(napi_create_array_with_length(env, 3, &out));
  NAPI_OK(napi_set_element(env, out, 0, ab));
  NAPI_OK(napi_set_element(env, out, 1, fn));
  NAPI_OK(napi_set_element(env, out, 2, zero_copy));
  return out;
}

constexpr unsigned kValue = kFunction | kReturnsValue;

const OpDef kDefs[] = {
    {"load", "file, /, format=None, return_metadata=False, *, stream=None", kValue, load},
    {"save", "file, arr", kValue, save},
    {"save_safetensors", "file, arrays, metadata=None", kValue, save_safetensors},
    {"save_gguf", "file, arrays, metadata=None", kValue, save_gguf},
    {"export_to_dot", "file, *args", kValue, export_to_dot},
    {"export_function", "file_or_callback, fun, *args, shapeless=False, metadata=None", kValue, export_function},
    {"import_function", "file, return_metadata=False", kValue, import_function},
    {"exporter", "file, fun, *, shapeless=False, metadata=None", kValue, exporter},
    // Not a module function (no Python counterpart): io_into.ts calls it through native.tables.
    {"allocate", "shape, dtype=float32, mode=1", kReturnsValue, allocate},
};

}  // namespace

const Table kIoTable = {"core", kDefs, sizeof(kDefs) / sizeof(kDefs[0])};

}  // namespace mlxnode
