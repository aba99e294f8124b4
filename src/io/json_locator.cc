#include "json_locator.h"

#include "io_util.h"

namespace parley::io_internal {
namespace {

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool Hex4(std::string_view text, size_t i, uint32_t& out) {
  if (i + 4 > text.size()) return false;
  out = 0;
  for (size_t k = i; k < i + 4; ++k) {
    const char c = text[k];
    out <<= 4;
    if (c >= '0' && c <= '9')
      out |= static_cast<uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f')
      out |= static_cast<uint32_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      out |= static_cast<uint32_t>(c - 'A' + 10);
    else
      return false;
  }
  return true;
}

/// Reads the string starting at text[i] == '"'; leaves i after the closing quote.
bool ReadString(std::string_view text, size_t& i, std::string& out) {
  out.clear();
  ++i;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"') {
      ++i;
      return true;
    }
    if (c != '\\') {
      out += c;
      ++i;
      continue;
    }
    if (i + 1 >= text.size()) return false;
    const char e = text[i + 1];
    i += 2;
    switch (e) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        uint32_t cp = 0;
        if (!Hex4(text, i, cp)) return false;
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 6 <= text.size() && text[i] == '\\' &&
            text[i + 1] == 'u') {
          uint32_t low = 0;
          if (Hex4(text, i + 2, low) && low >= 0xDC00 && low < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          }
        }
        AppendUtf8(out, cp);
        break;
      }
      default:
        out += e;
        break;
    }
  }
  return false;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

struct Frame {
  bool object = false;
  int node = 0;  // the container's node in the locator's tree
  size_t next_index = 0;
};

}  // namespace

std::string JsonPathName(const JsonPath& path) {
  std::string out;
  for (const std::string& part : path) {
    if (!out.empty()) out += '.';
    out += part;
  }
  return out;
}

Status CheckJsonNesting(std::string_view text, const std::string& file) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonNesting)
        return Error::BadInput("nesting deeper than " + std::to_string(kMaxJsonNesting), file,
                               LineIndex(text.substr(0, i + 1)).LineOf(i), "json");
    } else if (c == ']' || c == '}') {
      if (depth > 0) --depth;
    }
  }
  return {};
}

JsonLocator::JsonLocator(std::string_view text) {
  const LineIndex lines(text);
  size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  auto skip = [&] {
    while (i < text.size() && IsSpace(text[i])) ++i;
  };
  nodes_.emplace_back();  // the root
  std::vector<Frame> stack;
  int node = 0;  // the node of the next value
  int line = 0;  // line to record for the next value (its key's line for members)
  std::string key;
  enum class State { kValue, kAfterOpen, kMember, kAfterValue } state = State::kValue;
  skip();
  line = lines.LineOf(i);
  // The child of `parent` named `name`; false when it already existed.
  auto child = [&](int parent, std::string name) {
    auto [it, added] =
        nodes_[parent].children.emplace(std::move(name), static_cast<int>(nodes_.size()));
    if (added) nodes_.emplace_back();
    node = it->second;
    return added;
  };
  while (true) {
    switch (state) {
      case State::kValue: {
        skip();
        if (i >= text.size()) return;
        nodes_[node].line = line;
        const char c = text[i];
        if (c == '{' || c == '[') {
          stack.push_back(Frame{c == '{', node, 0});
          ++i;
          state = State::kAfterOpen;
        } else if (c == '"') {
          if (!ReadString(text, i, key)) return;
          state = State::kAfterValue;
        } else {
          while (i < text.size() && text[i] != ',' && text[i] != '}' && text[i] != ']' &&
                 !IsSpace(text[i]))
            ++i;
          state = State::kAfterValue;
        }
        break;
      }
      case State::kAfterOpen:
        skip();
        if (i >= text.size()) return;
        if (text[i] == '}' || text[i] == ']') {
          ++i;
          stack.pop_back();
          state = State::kAfterValue;
        } else {
          state = State::kMember;
        }
        break;
      case State::kMember: {
        skip();
        if (i >= text.size() || stack.empty()) return;
        Frame& frame = stack.back();
        if (frame.object) {
          if (text[i] != '"') return;
          line = lines.LineOf(i);
          if (!ReadString(text, i, key)) return;
          if (!child(frame.node, key) && !duplicate_) {
            // Only now, once, is a whole path spelled out: from the parents of the frames.
            JsonPath path;
            for (size_t d = 1; d < stack.size(); ++d) {
              const Frame& outer = stack[d - 1];
              for (const auto& [name, index] : nodes_[outer.node].children)
                if (index == stack[d].node) {
                  path.push_back(name);
                  break;
                }
            }
            path.push_back(key);
            duplicate_ = Duplicate{std::move(path), line};
            node = static_cast<int>(nodes_.size());  // the duplicate's value is not recorded
            nodes_.emplace_back();
          }
          skip();
          if (i >= text.size() || text[i] != ':') return;
          ++i;
        } else {
          skip();
          line = lines.LineOf(i);
          child(frame.node, std::to_string(frame.next_index++));
        }
        state = State::kValue;
        break;
      }
      case State::kAfterValue:
        if (stack.empty()) return;
        skip();
        if (i >= text.size()) return;
        if (text[i] == ',') {
          ++i;
          state = State::kMember;
        } else if (text[i] == '}' || text[i] == ']') {
          ++i;
          stack.pop_back();
          state = State::kAfterValue;
        } else {
          return;
        }
        break;
    }
  }
}

int JsonLocator::Line(const JsonPath& path) const {
  // The deepest node along `path` that was seen.
  int node = 0;
  int line = nodes_.empty() ? 0 : nodes_[0].line;
  for (const std::string& part : path) {
    auto it = nodes_[node].children.find(part);
    if (it == nodes_[node].children.end()) break;
    node = it->second;
    if (nodes_[node].line == 0) break;  // named, but its value was never reached
    line = nodes_[node].line;
  }
  return line;
}

}  // namespace parley::io_internal
