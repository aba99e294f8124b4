#include "json_locator.h"

#include <set>

#include "io_util.h"

namespace parley::io_internal {
namespace {

std::string Join(const JsonPath& path) {
  std::string key;
  for (const std::string& part : path) {
    key += part;
    key += '\0';
  }
  return key;
}

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
  JsonPath path;
  size_t next_index = 0;
  std::set<std::string> keys;
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

JsonLocator::JsonLocator(std::string_view text) {
  const LineIndex lines(text);
  size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  auto skip = [&] {
    while (i < text.size() && IsSpace(text[i])) ++i;
  };
  std::vector<Frame> stack;
  JsonPath path;
  int line = 0;  // line to record for the next value (its key's line for members)
  std::string key;
  enum class State { kValue, kAfterOpen, kMember, kAfterValue } state = State::kValue;
  skip();
  line = lines.LineOf(i);
  while (true) {
    switch (state) {
      case State::kValue: {
        skip();
        if (i >= text.size()) return;
        lines_.emplace(Join(path), line);
        const char c = text[i];
        if (c == '{' || c == '[') {
          Frame frame;
          frame.object = c == '{';
          frame.path = path;
          stack.push_back(std::move(frame));
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
        path = frame.path;
        if (frame.object) {
          if (text[i] != '"') return;
          line = lines.LineOf(i);
          if (!ReadString(text, i, key)) return;
          path.push_back(key);
          if (!frame.keys.insert(key).second && !duplicate_) duplicate_ = Duplicate{path, line};
          skip();
          if (i >= text.size() || text[i] != ':') return;
          ++i;
        } else {
          skip();
          line = lines.LineOf(i);
          path.push_back(std::to_string(frame.next_index++));
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
  JsonPath p = path;
  while (true) {
    auto it = lines_.find(Join(p));
    if (it != lines_.end()) return it->second;
    if (p.empty()) return 0;
    p.pop_back();
  }
}

}  // namespace parley::io_internal
