#pragma once

/// \file
/// The mediator's page (web/, built with npm into web/dist/) compiled into the binary, so that
/// `parley serve` needs no files besides the ledger. web_assets.cc is generated at build time
/// by cmake/embed_web_assets.cmake from web/dist/.

#include <span>
#include <string_view>

namespace parley::web {

struct Asset {
  std::string_view path;          ///< URL path, e.g. "/index.html", "/assets/index-1a2b.js".
  std::string_view content_type;  ///< e.g. "text/html; charset=utf-8".
  std::string_view body;
};

std::span<const Asset> Assets();

}  // namespace parley::web
