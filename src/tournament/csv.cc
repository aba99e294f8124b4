#include "parley/tournament/csv.h"

#include <charconv>
#include <cmath>
#include <fstream>

namespace parley {
namespace {

/// Quotes a field when it holds a comma, a quote or a line break.
void Field(std::string& out, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += text;
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

std::string FormatExact(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (value == 0) return "0";  // also for -0
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  (void)ec;
  return std::string(buf, end);
}

std::string ResultsCsv(const TournamentResults& results, const CsvOptions& options) {
  std::string out =
      "session,scenario,rotation,repetition,seed,position,profile,agent,partners,agreement,"
      "end_reason,utility,discounted,reservation,advantage,partner_welfare,welfare,"
      "pareto_distance,nash_distance,rounds,time,moves,failed,failure";
  if (options.timing) out += ",agent_seconds,session_seconds";
  out += '\n';
  auto number = [&](double v) {
    out += ',';
    out += FormatExact(v);
  };
  auto text = [&](std::string_view t) {
    out += ',';
    Field(out, t);
  };
  for (const SessionRecord& s : results.sessions) {
    const ScenarioInfo* scenario =
        s.scenario < results.scenarios.size() ? &results.scenarios[s.scenario] : nullptr;
    for (size_t p = 0; p < s.parties.size(); ++p) {
      const PartyResult& r = s.parties[p];
      out += std::to_string(s.index);
      text(scenario ? scenario->name : std::to_string(s.scenario));
      out += ',' + std::to_string(s.rotation) + ',' + std::to_string(s.repetition) + ',' +
             std::to_string(s.seed) + ',' + std::to_string(p);
      text(scenario && r.profile < scenario->parties.size() ? scenario->parties[r.profile]
                                                            : std::to_string(r.profile));
      auto agent_name = [&](uint32_t a) {
        return a < results.agents.size() ? results.agents[a] : std::to_string(a);
      };
      text(agent_name(r.agent));
      std::string partners;
      for (size_t q = 0; q < s.parties.size(); ++q)
        if (q != p) partners += (partners.empty() ? "" : "+") + agent_name(s.parties[q].agent);
      text(partners);
      out += s.agreement ? ",1" : ",0";
      text(s.end_reason);
      number(r.utility);
      number(r.discounted);
      number(r.reservation);
      number(r.advantage);
      number(r.partner_welfare);
      number(s.welfare);
      out += ',';
      if (s.pareto_distance) out += FormatExact(*s.pareto_distance);
      out += ',';
      if (s.nash_distance) out += FormatExact(*s.nash_distance);
      out += ',' + std::to_string(s.rounds);
      number(s.time);
      out += ',' + std::to_string(s.moves);
      out += r.failed ? ",1" : ",0";
      text(s.failure_kind);
      if (options.timing) {
        number(r.agent_seconds);
        number(s.session_seconds);
      }
      out += '\n';
    }
  }
  return out;
}

Status WriteResultsCsv(const TournamentResults& results, const std::string& path,
                       const CsvOptions& options) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) return Error::BadInput("cannot write '" + path + "'", path, 0, "--csv");
  const std::string text = ResultsCsv(results, options);
  file.write(text.data(), static_cast<std::streamsize>(text.size()));
  file.close();
  if (!file) return Error::BadInput("cannot write '" + path + "' (disk full?)", path, 0, "--csv");
  return {};
}

}  // namespace parley
