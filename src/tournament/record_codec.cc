#include "record_codec.h"

#include <cstdint>
#include <cstring>
#include <type_traits>

namespace parley::tournament_internal {
namespace {

class Writer {
 public:
  template <typename T>
  void Put(T value) {
    static_assert(std::is_trivially_copyable_v<T>);
    char buf[sizeof(T)];
    std::memcpy(buf, &value, sizeof(T));
    out_.append(buf, sizeof(T));
  }
  void PutString(const std::string& s) {
    Put<uint64_t>(s.size());
    out_ += s;
  }
  void PutOptional(const std::optional<double>& v) {
    Put<uint8_t>(v ? 1 : 0);
    Put<double>(v.value_or(0));
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(const std::string& in) : in_(in) {}
  template <typename T>
  T Get() {
    T value{};
    if (pos_ + sizeof(T) > in_.size()) {
      ok_ = false;
      return value;
    }
    std::memcpy(&value, in_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return value;
  }
  std::string GetString() {
    const auto n = Get<uint64_t>();
    if (!ok_ || n > in_.size() - pos_) {
      ok_ = false;
      return {};
    }
    std::string s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  std::optional<double> GetOptional() {
    const auto has = Get<uint8_t>();
    const auto v = Get<double>();
    if (has) return v;
    return std::nullopt;
  }
  /// A count that cannot exceed what is left (guards allocations against corrupt input).
  uint64_t GetCount(size_t min_bytes_each) {
    const auto n = Get<uint64_t>();
    if (!ok_ || (min_bytes_each > 0 && n > (in_.size() - pos_) / min_bytes_each)) {
      ok_ = false;
      return 0;
    }
    return n;
  }
  bool ok() const { return ok_; }
  bool done() const { return pos_ == in_.size(); }

 private:
  const std::string& in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace

std::string EncodeRecords(const std::vector<SessionRecord>& records) {
  Writer w;
  w.Put<uint64_t>(records.size());
  for (const SessionRecord& r : records) {
    w.Put(r.index);
    w.Put(r.scenario);
    w.Put(r.rotation);
    w.Put(r.repetition);
    w.Put(r.seed);
    w.Put<uint8_t>(r.agreement);
    w.PutString(r.end_reason);
    w.Put<uint64_t>(r.outcome.size());
    for (uint32_t v : r.outcome) w.Put(v);
    w.Put(r.rounds);
    w.Put(r.time);
    w.Put(r.moves);
    w.Put(r.welfare);
    w.PutOptional(r.pareto_distance);
    w.PutOptional(r.nash_distance);
    w.PutString(r.failure_kind);
    w.Put<uint8_t>(r.failure_position.has_value());
    w.Put<uint32_t>(r.failure_position.value_or(0));
    w.PutString(r.failure_message);
    w.Put<uint64_t>(r.parties.size());
    for (const PartyResult& p : r.parties) {
      w.Put(p.agent);
      w.Put(p.profile);
      w.Put(p.utility);
      w.Put(p.discounted);
      w.Put(p.reservation);
      w.Put(p.advantage);
      w.Put(p.partner_welfare);
      w.Put<uint8_t>(p.failed);
      w.Put(p.agent_seconds);
    }
    w.Put(r.session_seconds);
  }
  return w.Take();
}

Result<std::vector<SessionRecord>> DecodeRecords(const std::string& bytes) {
  Reader in(bytes);
  std::vector<SessionRecord> records;
  const uint64_t count = in.GetCount(64);
  records.reserve(count);
  for (uint64_t i = 0; i < count && in.ok(); ++i) {
    SessionRecord r;
    r.index = in.Get<uint64_t>();
    r.scenario = in.Get<uint32_t>();
    r.rotation = in.Get<uint32_t>();
    r.repetition = in.Get<uint32_t>();
    r.seed = in.Get<uint64_t>();
    r.agreement = in.Get<uint8_t>() != 0;
    r.end_reason = in.GetString();
    const uint64_t values = in.GetCount(sizeof(uint32_t));
    for (uint64_t k = 0; k < values && in.ok(); ++k) r.outcome.push_back(in.Get<uint32_t>());
    r.rounds = in.Get<int>();
    r.time = in.Get<double>();
    r.moves = in.Get<int64_t>();
    r.welfare = in.Get<double>();
    r.pareto_distance = in.GetOptional();
    r.nash_distance = in.GetOptional();
    r.failure_kind = in.GetString();
    const bool has_position = in.Get<uint8_t>() != 0;
    const auto position = in.Get<uint32_t>();
    if (has_position) r.failure_position = position;
    r.failure_message = in.GetString();
    const uint64_t parties = in.GetCount(8);
    for (uint64_t k = 0; k < parties && in.ok(); ++k) {
      PartyResult p;
      p.agent = in.Get<uint32_t>();
      p.profile = in.Get<uint32_t>();
      p.utility = in.Get<double>();
      p.discounted = in.Get<double>();
      p.reservation = in.Get<double>();
      p.advantage = in.Get<double>();
      p.partner_welfare = in.Get<double>();
      p.failed = in.Get<uint8_t>() != 0;
      p.agent_seconds = in.Get<double>();
      r.parties.push_back(p);
    }
    r.session_seconds = in.Get<double>();
    records.push_back(std::move(r));
  }
  if (!in.ok() || !in.done()) return Error::Internal("malformed session records from another rank");
  return records;
}

}  // namespace parley::tournament_internal
