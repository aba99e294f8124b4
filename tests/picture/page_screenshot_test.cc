// The HTML version of `negotiate --plot` and `analyze --plot` in Debian's headless Chromium:
// the page's script runs (every <title> becomes a tooltip, the page marks itself ready), and a
// screenshot, decoded here, shows the marks in their palette colours where a person would see
// them (a blank or unstyled page fails).

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "../talks/process.h"

namespace parley::testing {
namespace {

constexpr const char* kChromium = "/usr/bin/chromium";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

/// An 8-bit RGB or RGBA PNG (what Chromium writes), decoded.
struct Image {
  uint32_t width = 0, height = 0;
  std::vector<uint8_t> rgb;  ///< width * height * 3
};

uint32_t Be32(const std::string& s, size_t at) {
  return (uint32_t{static_cast<uint8_t>(s[at])} << 24) |
         (uint32_t{static_cast<uint8_t>(s[at + 1])} << 16) |
         (uint32_t{static_cast<uint8_t>(s[at + 2])} << 8) |
         uint32_t{static_cast<uint8_t>(s[at + 3])};
}

bool DecodePng(const std::string& png, Image& image, std::string& error) {
  if (png.size() < 33 || png.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) {
    error = "not a PNG";
    return false;
  }
  std::string idat;
  int channels = 0;
  for (size_t at = 8; at + 8 <= png.size();) {
    const uint32_t length = Be32(png, at);
    const std::string type = png.substr(at + 4, 4);
    if (at + 12 + length > png.size()) break;
    if (type == "IHDR") {
      image.width = Be32(png, at + 8);
      image.height = Be32(png, at + 12);
      const int depth = static_cast<uint8_t>(png[at + 16]),
                colour = static_cast<uint8_t>(png[at + 17]);
      if (depth != 8 || (colour != 2 && colour != 6) || png[at + 20] != 0) {
        error = "unsupported PNG (depth " + std::to_string(depth) + ", colour type " +
                std::to_string(colour) + ")";
        return false;
      }
      channels = colour == 2 ? 3 : 4;
    } else if (type == "IDAT") {
      idat += png.substr(at + 8, length);
    }
    at += 12 + length;
  }
  const size_t stride = size_t{image.width} * channels;
  std::vector<uint8_t> raw((stride + 1) * image.height);
  uLongf size = raw.size();
  if (channels == 0 ||
      uncompress(raw.data(), &size, reinterpret_cast<const Bytef*>(idat.data()), idat.size()) !=
          Z_OK ||
      size != raw.size()) {
    error = "bad image data";
    return false;
  }
  std::vector<uint8_t> previous(stride, 0), row(stride);
  image.rgb.resize(size_t{image.width} * image.height * 3);
  for (uint32_t y = 0; y < image.height; ++y) {
    const uint8_t filter = raw[y * (stride + 1)];
    const uint8_t* in = &raw[y * (stride + 1) + 1];
    for (size_t x = 0; x < stride; ++x) {
      const int a = x >= static_cast<size_t>(channels) ? row[x - channels] : 0;
      const int b = previous[x];
      const int c = x >= static_cast<size_t>(channels) ? previous[x - channels] : 0;
      int predictor = 0;
      switch (filter) {
        case 1:
          predictor = a;
          break;
        case 2:
          predictor = b;
          break;
        case 3:
          predictor = (a + b) / 2;
          break;
        case 4: {
          const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default:
          break;
      }
      row[x] = static_cast<uint8_t>(in[x] + predictor);
    }
    for (uint32_t x = 0; x < image.width; ++x)
      for (int k = 0; k < 3; ++k)
        image.rgb[(size_t{y} * image.width + x) * 3 + k] = row[x * channels + k];
    previous = row;
  }
  return true;
}

/// Pixels within `tolerance` (per channel) of the colour #RRGGBB.
size_t CountColour(const Image& image, uint32_t rgb, int tolerance = 12) {
  size_t count = 0;
  const int r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
  for (size_t i = 0; i + 2 < image.rgb.size(); i += 3) {
    if (std::abs(image.rgb[i] - r) <= tolerance && std::abs(image.rgb[i + 1] - g) <= tolerance &&
        std::abs(image.rgb[i + 2] - b) <= tolerance)
      ++count;
  }
  return count;
}

class PicturePageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(access(kChromium, X_OK), 0)
        << "Debian's chromium is needed for this test: apt-get install chromium";
  }

  /// Headless Chromium on a local file: the DOM after scripts ran, or a screenshot.
  std::string Chromium(const std::string& file, const std::string& screenshot = {}) {
    static int run = 0;
    std::vector<std::string> args = {
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--user-data-dir=" + dir_.File("profile-" + std::to_string(run++)),
        "--window-size=1100,1300",
        "--virtual-time-budget=5000"};
    args.push_back(screenshot.empty() ? "--dump-dom" : "--screenshot=" + screenshot);
    args.push_back("file://" + file);
    Completed result = RunCommand(kChromium, args, 90);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result.out;
  }

  TempDir dir_;
};

TEST_F(PicturePageTest, NegotiationPageRunsItsScriptAndShowsThePalette) {
  const std::string page = dir_.File("camera.html");
  Completed made = RunCommand(
      PARLEY_BINARY, {"negotiate", std::string(PARLEY_SHARED_DATA_DIR) + "/genius/y2012/CameraB",
                      "--agents", "boulware,conceder", "--summary", "--plot", page});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::string html = ReadFile(page);
  const std::string dom = Chromium(page);
  ASSERT_NE(dom.find("data-ready=\"true\""), std::string::npos) << dom.substr(0, 2000);
  // The script moved every mark's <title> into data-tip: only the document titles remain.
  size_t tips = 0;
  for (size_t at = dom.find("data-tip=\""); at != std::string::npos;
       at = dom.find("data-tip=\"", at + 1))
    ++tips;
  size_t titles = 0;
  for (size_t at = html.find("<title>"); at != std::string::npos; at = html.find("<title>", at + 1))
    ++titles;
  EXPECT_EQ(tips + 2, titles) << "one tooltip per titled mark (page and svg titles excepted)";
  EXPECT_GT(tips, 30u);
  EXPECT_NE(dom.find("data-tip=\"Nash"), std::string::npos);

  const std::string png = std::string(PARLEY_SCREENSHOT_DIR) + "/camera-plot.png";
  Chromium(page, png);
  Image image;
  std::string error;
  ASSERT_TRUE(DecodePng(ReadFile(png), image, error)) << error;
  EXPECT_EQ(image.width, 1100u);
  EXPECT_EQ(image.height, 1300u);
  // Offers of both parties (Okabe–Ito blue and orange; dots are translucent, so the exact
  // colour is mostly in their legend swatches and the latest offers), the Nash diamond (yellow)
  // and the Kalai–Smorodinsky square (vermillion) are on screen.
  EXPECT_GT(CountColour(image, 0x0072B2), 30u) << "party 1's offers (blue)";
  EXPECT_GT(CountColour(image, 0xE69F00), 60u) << "party 2's offers (orange)";
  EXPECT_GT(CountColour(image, 0xF0E442), 20u) << "the Nash point (yellow)";
  EXPECT_GT(CountColour(image, 0xD55E00), 20u) << "the Kalai-Smorodinsky point (vermillion)";
}

TEST_F(PicturePageTest, AnalysisPageShadesTheZopa) {
  const std::string page = dir_.File("dinner.html");
  Completed made =
      RunCommand(PARLEY_BINARY,
                 {"analyze", std::string(PARLEY_SHARED_DATA_DIR) + "/genius/y2015/group2-dinner",
                  "--plot", page});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::string dom = Chromium(page);
  ASSERT_NE(dom.find("data-ready=\"true\""), std::string::npos) << dom.substr(0, 2000);
  EXPECT_NE(dom.find("data-tip=\"above both reservation values"), std::string::npos);
  const std::string png = std::string(PARLEY_SCREENSHOT_DIR) + "/dinner-analysis.png";
  Chromium(page, png);
  Image image;
  std::string error;
  ASSERT_TRUE(DecodePng(ReadFile(png), image, error)) << error;
  EXPECT_GT(CountColour(image, 0x56B4E9, 20), 200u) << "ZOPA outcomes (sky blue)";
  EXPECT_GT(CountColour(image, 0x8C8C8C, 40), 500u) << "the outcome cloud (grey)";
}

}  // namespace
}  // namespace parley::testing
