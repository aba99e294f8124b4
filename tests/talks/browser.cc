#include "browser.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>
#include <vector>

namespace parley::testing {

namespace {

constexpr const char* kChromium = "/usr/bin/chromium";

std::string Base64Decode(const std::string& in) {
  static const std::string kChars =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int bits = 0, value = 0;
  for (char c : in) {
    const size_t index = kChars.find(c);
    if (index == std::string::npos) continue;  // '=' and line breaks
    value = (value << 6) | static_cast<int>(index);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((value >> bits) & 0xff));
    }
  }
  return out;
}

}  // namespace

Browser::~Browser() {
  if (to_browser_ >= 0) close(to_browser_);
  if (from_browser_ >= 0) close(from_browser_);
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100 && waitpid(pid_, &status, WNOHANG) == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (waitpid(pid_, &status, WNOHANG) == 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
  }
}

bool Browser::Open(const std::string& url, const std::string& profile_dir) {
  int commands[2], replies[2];
  if (pipe(commands) != 0 || pipe(replies) != 0) {
    error_ = "pipe failed";
    return false;
  }
  pid_ = fork();
  if (pid_ < 0) {
    error_ = "fork failed";
    return false;
  }
  if (pid_ == 0) {
    // The protocol's pipes must be fds 3 (read) and 4 (write) in the child.
    const int in = dup(commands[0]), out = dup(replies[1]);
    dup2(in, 3);
    dup2(out, 4);
    const int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(devnull, 2);
    for (int fd = 5; fd < 1024; ++fd) close(fd);
    std::vector<std::string> args = {kChromium,
                                     "--headless",
                                     "--no-sandbox",
                                     "--disable-gpu",
                                     "--disable-quic",
                                     "--no-first-run",
                                     "--disable-background-networking",
                                     "--disable-component-update",
                                     "--disable-sync",
                                     "--disable-extensions",
                                     "--user-data-dir=" + profile_dir,
                                     "--window-size=1280,2000",
                                     "--remote-debugging-pipe",
                                     "about:blank"};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(kChromium, argv.data());
    _exit(127);
  }
  close(commands[0]);
  close(replies[1]);
  to_browser_ = commands[1];
  from_browser_ = replies[0];
  const nlohmann::json target = Call("Target.createTarget", {{"url", "about:blank"}}, false, 60);
  if (!target.contains("targetId")) {
    error_ = "Target.createTarget failed: " + target.dump();
    return false;
  }
  const nlohmann::json attached = Call(
      "Target.attachToTarget", {{"targetId", target["targetId"]}, {"flatten", true}}, false, 30);
  if (!attached.contains("sessionId")) {
    error_ = "Target.attachToTarget failed: " + attached.dump();
    return false;
  }
  session_ = attached["sessionId"].get<std::string>();
  Call("Page.enable", nlohmann::json::object(), true, 30);
  const nlohmann::json navigated = Call("Page.navigate", {{"url", url}}, true, 60);
  if (!navigated.contains("frameId")) {
    error_ = "Page.navigate failed: " + navigated.dump();
    return false;
  }
  return true;
}

nlohmann::json Browser::Call(const std::string& method, const nlohmann::json& params, bool in_page,
                             int timeout_seconds) {
  const int id = next_id_++;
  nlohmann::json message = {{"id", id}, {"method", method}, {"params", params}};
  if (in_page) message["sessionId"] = session_;
  std::string text = message.dump();
  text.push_back('\0');
  for (size_t sent = 0; sent < text.size();) {
    const ssize_t n = write(to_browser_, text.data() + sent, text.size() - sent);
    if (n <= 0) return {{"error", "write to the browser failed"}};
    sent += static_cast<size_t>(n);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  while (true) {
    // Every complete message in the buffer; events are skipped.
    for (size_t end; (end = buffer_.find('\0')) != std::string::npos;) {
      nlohmann::json reply = nlohmann::json::parse(buffer_.substr(0, end), nullptr, false);
      buffer_.erase(0, end + 1);
      if (reply.is_object() && reply.value("id", -1) == id) {
        if (reply.contains("error")) return {{"error", reply["error"]}};
        return reply.value("result", nlohmann::json::object());
      }
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return {{"error", "timeout waiting for " + method}};
    pollfd fd{from_browser_, POLLIN, 0};
    if (poll(&fd, 1, static_cast<int>(left.count())) <= 0) continue;
    char chunk[65536];
    const ssize_t n = read(from_browser_, chunk, sizeof chunk);
    if (n <= 0) return {{"error", "the browser closed the pipe"}};
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

nlohmann::json Browser::Eval(const std::string& expression, int timeout_seconds) {
  const nlohmann::json result =
      Call("Runtime.evaluate",
           {{"expression", expression}, {"awaitPromise", true}, {"returnByValue", true}}, true,
           timeout_seconds);
  if (result.contains("exceptionDetails"))
    return {{"exception", result["exceptionDetails"]
                              .value("exception", nlohmann::json::object())
                              .value("description", result["exceptionDetails"].dump())}};
  if (result.contains("error")) return {{"exception", result["error"].dump()}};
  return result.value("result", nlohmann::json::object()).value("value", nlohmann::json());
}

bool Browser::WaitFor(const std::string& expression, int timeout_seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    const nlohmann::json value = Eval("Boolean(" + expression + ")", timeout_seconds);
    if (value.is_boolean() && value.get<bool>()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

bool Browser::Screenshot(const std::string& path, int width) {
  const nlohmann::json height = Eval("document.documentElement.scrollHeight");
  const int h = height.is_number() ? height.get<int>() : 2000;
  Call("Emulation.setDeviceMetricsOverride",
       {{"width", width}, {"height", h}, {"deviceScaleFactor", 1}, {"mobile", false}}, true, 30);
  const nlohmann::json shot = Call("Page.captureScreenshot",
                                   {{"format", "png"}, {"captureBeyondViewport", true}}, true, 60);
  if (!shot.contains("data")) return false;
  std::ofstream out(path, std::ios::binary);
  const std::string bytes = Base64Decode(shot["data"].get<std::string>());
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

}  // namespace parley::testing
