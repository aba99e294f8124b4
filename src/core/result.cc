#include "parley/core/result.h"

namespace parley {

std::string Error::ToString() const {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (line > 0) out += ":" + std::to_string(line);
    out += ": ";
  }
  if (!field.empty()) out += field + ": ";
  out += message;
  return out;
}

Error Error::BadInput(std::string message, std::string file, int line, std::string field) {
  return Error{ErrorCode::kBadInput, std::move(message), std::move(file), line, std::move(field)};
}
Error Error::NotFound(std::string message, std::string file, std::string field) {
  return Error{ErrorCode::kNotFound, std::move(message), std::move(file), 0, std::move(field)};
}
Error Error::Unsupported(std::string message) {
  return Error{ErrorCode::kUnsupported, std::move(message), {}, 0, {}};
}
Error Error::Internal(std::string message) {
  return Error{ErrorCode::kInternal, std::move(message), {}, 0, {}};
}

}  // namespace parley
