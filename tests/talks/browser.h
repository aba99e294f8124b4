#pragma once

// Debian's headless Chromium driven over the DevTools protocol on a pipe
// (--remote-debugging-pipe: commands on the child's fd 3, replies on fd 4, each message JSON
// ended by a NUL byte). Enough to open a page, run script in it (fill a form, click, read the
// DOM) and take a screenshot, so that tests use the page as a person does. Loopback only.

#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <string>

namespace parley::testing {

class Browser {
 public:
  Browser() = default;
  ~Browser();
  Browser(const Browser&) = delete;
  Browser& operator=(const Browser&) = delete;

  /// Starts Chromium with a fresh profile under `profile_dir` and opens `url` in a new tab.
  /// False on failure, with `error()` saying why.
  bool Open(const std::string& url, const std::string& profile_dir);
  const std::string& error() const { return error_; }

  /// Evaluates `expression` in the page (awaiting it when it is a promise) and returns its value
  /// (JSON); on a script exception, a JSON object {"exception": TEXT}.
  nlohmann::json Eval(const std::string& expression, int timeout_seconds = 30);
  /// Waits until `expression` is truthy (polling every 50 ms); false after `timeout_seconds`.
  bool WaitFor(const std::string& expression, int timeout_seconds = 30);
  /// Writes a PNG of the whole page; false on failure.
  bool Screenshot(const std::string& path, int width = 1280);

 private:
  nlohmann::json Call(const std::string& method, const nlohmann::json& params, bool in_page,
                      int timeout_seconds);
  pid_t pid_ = -1;
  int to_browser_ = -1, from_browser_ = -1;
  std::string buffer_;
  std::string session_;
  int next_id_ = 1;
  std::string error_;
};

}  // namespace parley::testing
