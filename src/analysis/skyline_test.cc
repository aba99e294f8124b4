#include "skyline.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "parley/core/random.h"

namespace parley::analysis_internal {
namespace {

std::vector<uint32_t> BruteNonDominated(const std::vector<int64_t>& keys, size_t dims) {
  const size_t n = keys.size() / dims;
  std::vector<uint32_t> out;
  for (size_t i = 0; i < n; ++i) {
    bool dominated = false;
    for (size_t j = 0; j < n && !dominated; ++j) {
      bool ge = true, gt = false;
      for (size_t d = 0; d < dims; ++d) {
        ge &= keys[j * dims + d] >= keys[i * dims + d];
        gt |= keys[j * dims + d] > keys[i * dims + d];
      }
      dominated = ge && gt;
    }
    if (!dominated) out.push_back(static_cast<uint32_t>(i));
  }
  return out;
}

// Random points; a small value range makes equal coordinates and equal vectors common, and
// "anti-correlated" points (on a simplex) make large frontiers.
std::vector<int64_t> RandomKeys(Rng& rng, size_t n, size_t dims) {
  const int64_t range = static_cast<int64_t>(1 + rng.Below(rng.Bernoulli(0.5) ? 4 : 1000));
  const bool simplex = rng.Bernoulli(0.5);
  std::vector<int64_t> keys(n * dims);
  for (size_t i = 0; i < n; ++i) {
    int64_t left = range * static_cast<int64_t>(dims);
    for (size_t d = 0; d < dims; ++d) {
      int64_t v = static_cast<int64_t>(rng.Below(static_cast<uint64_t>(range) + 1));
      if (simplex) {
        v = d + 1 == dims ? left : std::min<int64_t>(left, v * 2);
        left -= v;
      }
      keys[i * dims + d] = v - range / 2;  // negative keys too
    }
  }
  return keys;
}

TEST(NonDominatedTest, MatchesBruteForce) {
  for (uint64_t seed = 0; seed < 600; ++seed) {
    SCOPED_TRACE("seed=" + std::to_string(seed));
    Rng rng(seed);
    const size_t dims = 1 + rng.Below(6);
    const size_t n = rng.Below(rng.Bernoulli(0.2) ? 2000 : 150);
    const std::vector<int64_t> keys = RandomKeys(rng, n, dims);
    ASSERT_EQ(NonDominated(keys, dims), BruteNonDominated(keys, dims)) << "dims=" << dims;
  }
}

TEST(NonDominatedTest, KeepsEqualVectorsAndHandlesEmpty) {
  EXPECT_TRUE(NonDominated({}, 3).empty());
  const std::vector<int64_t> keys = {1, 1, 1, 1, 1, 1, 0, 0, 2, 1, 1, 0};
  EXPECT_EQ(NonDominated(keys, 3), (std::vector<uint32_t>{0, 1, 2}));
  const std::vector<int64_t> two = {3, 1, 3, 1, 1, 3, 2, 1, 3, 0};
  EXPECT_EQ(NonDominated(two, 2), (std::vector<uint32_t>{0, 1, 2}));
}

TEST(FrontierAccumulatorTest, StreamingEqualsOneShot) {
  for (uint64_t seed = 0; seed < 200; ++seed) {
    SCOPED_TRACE("seed=" + std::to_string(seed));
    Rng rng(seed);
    const size_t dims = 1 + rng.Below(5);
    const size_t n = rng.Below(3000);
    const std::vector<int64_t> keys = RandomKeys(rng, n, dims);
    FrontierAccumulator acc(dims, 1e300, 1 + rng.Below(256), rng.Below(64));
    for (size_t i = 0; i < n; ++i) acc.Add(keys.data() + i * dims, i);
    acc.Reduce();
    std::vector<uint32_t> got;
    for (size_t i = 0; i < acc.size(); ++i) {
      got.push_back(static_cast<uint32_t>(acc.payload(i)));
      ASSERT_TRUE(std::equal(acc.key(i), acc.key(i) + dims, keys.data() + acc.payload(i) * dims));
    }
    std::sort(got.begin(), got.end());
    ASSERT_EQ(got, BruteNonDominated(keys, dims));
  }
}

TEST(FrontierAccumulatorTest, CollapsedKeepsSmallestPayloadAndCounts) {
  for (uint64_t seed = 0; seed < 100; ++seed) {
    SCOPED_TRACE("seed=" + std::to_string(seed));
    Rng rng(seed);
    const size_t dims = 1 + rng.Below(4);
    const size_t n = 1 + rng.Below(2000);
    const std::vector<int64_t> keys = RandomKeys(rng, n, dims);
    const std::vector<uint32_t> expected = BruteNonDominated(keys, dims);
    // Collapse once more than `cap` points remain.
    const double cap = static_cast<double>(rng.Below(4));
    FrontierAccumulator acc(dims, cap, 1 + rng.Below(256), rng.Below(64));
    for (size_t i = 0; i < n; ++i) acc.Add(keys.data() + i * dims, i);
    acc.Reduce();
    // Expected: distinct vectors of the frontier with their first index and multiplicity.
    std::map<std::vector<int64_t>, std::pair<uint64_t, double>> groups;
    for (uint32_t i : expected) {
      std::vector<int64_t> k(keys.begin() + i * dims, keys.begin() + (i + 1) * dims);
      auto [it, inserted] = groups.try_emplace(k, i, 0.0);
      it->second.second += 1;
    }
    // Collapsing may start at an intermediate reduction; it must have when the end needs it.
    if (static_cast<double>(expected.size()) > cap) {
      ASSERT_TRUE(acc.collapsed());
    }
    if (!acc.collapsed()) {
      ASSERT_EQ(acc.size(), expected.size());
      continue;
    }
    ASSERT_EQ(acc.size(), groups.size());
    for (size_t i = 0; i < acc.size(); ++i) {
      std::vector<int64_t> k(acc.key(i), acc.key(i) + dims);
      ASSERT_TRUE(groups.count(k));
      EXPECT_EQ(acc.payload(i), groups[k].first);
      EXPECT_EQ(acc.count(i), groups[k].second);
    }
  }
}

}  // namespace
}  // namespace parley::analysis_internal
