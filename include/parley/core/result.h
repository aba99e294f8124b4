#pragma once

/// \file
/// Errors as values. Anything a user can cause (a malformed file, an unknown agent, an offer
/// outside the space) comes back as an `Error` inside a `Result<T>`; checks for what only a bug
/// can cause stay assertions. The CLI maps `ErrorCode` to exit codes (bad input -> 2).

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace parley {

/// What kind of failure an `Error` is; decides the CLI's exit code.
enum class ErrorCode {
  kBadInput,     ///< The user's input is wrong: malformed file, bad value, unknown name. Exit 2.
  kNotFound,     ///< A named file, scenario, agent or record does not exist. Exit 2.
  kUnsupported,  ///< Valid input that this operation cannot handle (e.g. too large). Exit 2.
  kInternal,     ///< A bug or an environment failure. Exit 1.
};

/// A failure with enough context for a user to fix it: which file, which line, which field, and
/// what was expected. `ToString()` renders "file:line: field: message".
struct Error {
  ErrorCode code = ErrorCode::kBadInput;
  std::string message;
  std::string file;   ///< Empty when not about a file.
  int line = 0;       ///< 1-based; 0 when unknown.
  std::string field;  ///< Element, key or option the message is about; may be empty.

  std::string ToString() const;
  /// 2 for errors a user can fix, 1 for internal ones.
  int ExitCode() const { return code == ErrorCode::kInternal ? 1 : 2; }

  static Error BadInput(std::string message, std::string file = {}, int line = 0,
                        std::string field = {});
  static Error NotFound(std::string message, std::string file = {}, std::string field = {});
  static Error Unsupported(std::string message);
  static Error Internal(std::string message);

  bool operator==(const Error&) const = default;
};

/// A value or an `Error`. Small and explicit: check `ok()` (or `if (result)`), then use
/// `value()` / `*` / `->`, or `error()`. Accessing the wrong alternative is a bug (asserted).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : data_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(data_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(data_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(data_));
  }
  const Error& error() const {
    assert(!ok());
    return std::get<1>(data_);
  }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Error> data_;
};

/// `Result<void>`: success or an error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace parley

/// Propagates an error from an expression returning `Result<T>` or `Status`.
#define PARLEY_RETURN_IF_ERROR(expr)                    \
  do {                                                  \
    auto parley_status_ = (expr);                       \
    if (!parley_status_) return parley_status_.error(); \
  } while (false)

#define PARLEY_CONCAT_INNER_(a, b) a##b
#define PARLEY_CONCAT_(a, b) PARLEY_CONCAT_INNER_(a, b)
/// `PARLEY_ASSIGN_OR_RETURN(auto x, Foo());` declares x from a `Result<T>` or returns its error.
#define PARLEY_ASSIGN_OR_RETURN(decl, expr)                  \
  auto PARLEY_CONCAT_(parley_result_, __LINE__) = (expr);    \
  if (!PARLEY_CONCAT_(parley_result_, __LINE__))             \
    return PARLEY_CONCAT_(parley_result_, __LINE__).error(); \
  decl = std::move(PARLEY_CONCAT_(parley_result_, __LINE__)).value()
